package dev.cairn.sources.db;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding dump tools: the configured folder first, then {@code PATH}, then the engine's usual folders. */
public final class Tools {

    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    private Tools() {
    }

    /** A tool found on disk and the version it reports. */
    public record Tool(Path path, String versionText, int major, int minor) {
    }

    /**
     * Every executable named {@code name} in {@code toolDir} (if set), the {@code PATH}, and the folders matching
     * {@code globs} (e.g. {@code /usr/lib/postgresql/*}{@code /bin}), in that order, without duplicates.
     */
    public static List<Path> candidates(String name, DatabaseEnvironment env, List<String> globs) {
        List<Path> out = new ArrayList<>();
        if (env.toolDir() != null) {
            add(out, env.toolDir().resolve(name));
        }
        String path = env.get("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    add(out, Path.of(dir).resolve(name));
                }
            }
        }
        for (String glob : globs) {
            int star = glob.indexOf('*');
            Path parent = Path.of(glob.substring(0, glob.lastIndexOf('/', star)));
            String rest = glob.substring(glob.indexOf('/', star) + 1);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
                List<Path> dirs = new ArrayList<>();
                ds.forEach(dirs::add);
                dirs.sort(null);
                for (Path d : dirs) {
                    add(out, d.resolve(rest).resolve(name));
                }
            } catch (IOException e) {
                // an unreadable folder holds no usable tool
            }
        }
        return out;
    }

    private static void add(List<Path> out, Path p) {
        if (Files.isExecutable(p) && Files.isRegularFile(p)) {
            try {
                Path real = p.toRealPath();
                if (out.stream().noneMatch(q -> sameFile(q, real))) {
                    out.add(p);
                }
            } catch (IOException e) {
                // vanished: skip
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.toRealPath().equals(b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code tool --version} and parses the first version number after {@code afterWord}. */
    public static Tool version(Path tool, String afterWord) throws DatabaseException {
        String text = ToolProcess.output(tool.getFileName().toString(), List.of(tool.toString(), "--version"))
                .strip();
        int from = afterWord == null ? 0 : Math.max(0, text.indexOf(afterWord));
        Matcher m = VERSION.matcher(text);
        if (!m.find(from)) {
            throw new DatabaseException("cannot read the version of " + tool + " from '" + text + "'");
        }
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return new Tool(tool, text, Integer.parseInt(m.group(1)), minor);
    }
}
