package dev.cairn.snapshots.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --exclude-file} files as restic 0.14's {@code readExcludePatternsFromFiles}: BOM removed (UTF-16
 * with BOM decoded), one pattern per line, white space trimmed, blank lines and lines starting with {@code #}
 * skipped, then {@code $VAR} and {@code ${VAR}} replaced from the environment ({@code $$} is a literal
 * {@code $}; unset variables are empty).
 */
final class ExcludeFiles {

    private ExcludeFiles() {
    }

    static List<byte[]> read(Path file, Map<String, String> env) throws IOException {
        byte[] data;
        try {
            data = decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("cannot read exclude file '" + file + "': " + e.getMessage(), e);
        }
        return parse(data, env);
    }

    static List<byte[]> parse(byte[] data, Map<String, String> env) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] raw : lines(data)) {
            byte[] line = GoText.trimSpace(raw);
            if (line.length == 0 || line[0] == '#') {
                continue;
            }
            out.add(GoText.expand(line, name -> name.equals("$") ? "$" : env.getOrDefault(name, "")));
        }
        return out;
    }

    /** bufio.ScanLines: split at '\n', drop one trailing '\r', no empty last line. */
    private static List<byte[]> lines(byte[] data) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length && start == data.length) {
                break;
            }
            if (i == data.length || data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(data, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    /** restic's textfile.Decode. */
    private static byte[] decode(byte[] d) {
        if (d.length >= 3 && (d[0] & 0xff) == 0xef && (d[1] & 0xff) == 0xbb && (d[2] & 0xff) == 0xbf) {
            return Arrays.copyOfRange(d, 3, d.length);
        }
        boolean be = d.length >= 2 && (d[0] & 0xff) == 0xfe && (d[1] & 0xff) == 0xff;
        boolean le = d.length >= 2 && (d[0] & 0xff) == 0xff && (d[1] & 0xff) == 0xfe;
        if (!be && !le) {
            return d;
        }
        String s = new String(d, 2, d.length - 2, be ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
