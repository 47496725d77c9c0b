package dev.cairn.snapshots.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code --exclude-if-present NAME[:HEADER]} as restic 0.14's {@code rejectIfPresent}: an entry is excluded when
 * its directory holds a file NAME (starting with HEADER, if given). The directory itself and the tag file stay in
 * the backup; everything else in it goes. Results are cached per directory, as restic's rejection cache does.
 */
final class TagFileRule {

    private final byte[] tagName;
    private final byte[] header;
    private final Consumer<String> warnings;
    private final Map<Path, Boolean> cache = new ConcurrentHashMap<>();

    private TagFileRule(byte[] tagName, byte[] header, Consumer<String> warnings) {
        this.tagName = tagName;
        this.header = header;
        this.warnings = warnings;
    }

    static TagFileRule parse(String spec, Consumer<String> warnings) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("--exclude-if-present: name for exclusion tagfile is empty");
        }
        int colon = spec.indexOf(':');
        if (colon == 0) {
            throw new IllegalArgumentException("--exclude-if-present '" + spec + "': no name for exclusion tagfile"
                    + " provided before ':'");
        }
        String name = colon > 0 ? spec.substring(0, colon) : spec;
        String header = colon > 0 ? spec.substring(colon + 1) : "";
        return new TagFileRule(name.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8),
                warnings);
    }

    boolean excludes(Path item) {
        Path dir = item.getParent();
        if (dir == null || Arrays.equals(RawPaths.fileName(item).bytes(), tagName)) {
            return false; // never exclude the tag file itself
        }
        return cache.computeIfAbsent(dir, this::dirIsTagged);
    }

    private boolean dirIsTagged(Path dir) {
        Path tag = dir.resolve(RawPaths.fromBytes(dir, tagName));
        if (!Files.exists(tag, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (header.length == 0) {
            return true;
        }
        try (InputStream in = Files.newInputStream(tag)) {
            byte[] buf = in.readNBytes(header.length);
            if (buf.length < header.length) {
                warnings.accept("invalid (too short) signature in exclusion tagfile '" + tag + "'");
                return false;
            }
            if (!Arrays.equals(buf, header)) {
                warnings.accept("invalid signature in exclusion tagfile '" + tag + "'");
                return false;
            }
            return true;
        } catch (IOException e) {
            warnings.accept("could not read exclusion tagfile '" + tag + "': " + e.getMessage());
            return false;
        }
    }
}
