package dev.cairn.snapshots.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * restic 0.14's backup excludes ({@code cmd/restic/exclude.go}), evaluated on absolute paths in two steps like
 * restic: {@link #excludedByName} before the entry is stat-ed (patterns and tag files), then
 * {@link #excludedByStat} with its lstat result (other file systems, size). {@link #excluded} does both.
 *
 * <p>Thread-safe once built; tag file lookups are cached per instance.
 */
public final class ExcludeRules {

    private final PathPatterns patterns;
    private final PathPatterns insensitivePatterns;
    private final List<TagFileRule> tagRules;
    private final long maxSize;
    private final Map<Path, Long> rootDevices;
    private final PathPatterns includes;

    private ExcludeRules(Builder b) {
        this.includes = PathPatterns.parseBytes(b.includes);
        this.patterns = PathPatterns.parseBytes(b.patterns);
        this.insensitivePatterns = PathPatterns.parseBytes(b.insensitive.stream().map(GoText::toLower).toList());
        this.tagRules = List.copyOf(b.tagRules);
        this.maxSize = b.maxSize;
        this.rootDevices = Map.copyOf(b.rootDevices);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether an entry is excluded by patterns or tag files; needs no file access except for tag files. */
    public boolean excludedByName(Path absolutePath) {
        requireAbsolute(absolutePath);
        byte[] raw = RawPaths.bytes(absolutePath);
        if (!insensitivePatterns.isEmpty() && insensitivePatterns.matches(GoText.toLower(raw))) {
            return true;
        }
        if (patterns.matches(raw)) {
            return true;
        }
        for (TagFileRule rule : tagRules) {
            if (rule.excludes(absolutePath)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an entry is excluded by its lstat result: {@code --exclude-larger-than} (everything but dirs, by
     * st_size) and {@code --one-file-system} (entries on another device than the backup root they are under;
     * mount point directories themselves are kept, empty, as restic does).
     *
     * @throws IllegalArgumentException if one-file-system is on and the path is under none of the roots
     */
    public boolean excludedByStat(Path absolutePath, FileStat stat) {
        requireAbsolute(absolutePath);
        if (!rootDevices.isEmpty() && otherFileSystem(absolutePath.normalize(), stat)) {
            return true;
        }
        if (!includes.isEmpty() && !stat.isDir() && !includes.matches(RawPaths.bytes(absolutePath))) {
            return true;
        }
        return maxSize >= 0 && !stat.isDir() && stat.size() > maxSize;
    }

    /** {@link #excludedByName} or {@link #excludedByStat}. */
    public boolean excluded(Path absolutePath, FileStat stat) {
        return excludedByName(absolutePath) || excludedByStat(absolutePath, stat);
    }

    private boolean otherFileSystem(Path item, FileStat stat) {
        if (allowed(item, stat.dev())) {
            return false;
        }
        if (!stat.isDir()) {
            return true;
        }
        Path parent = item.getParent();
        if (parent == null) {
            return true;
        }
        try {
            return !allowed(parent, FileStat.lstat(parent).dev()); // a mount point: keep the directory
        } catch (IOException | IllegalArgumentException e) {
            return true; // if in doubt, reject (as restic does)
        }
    }

    /** restic's DeviceMap.IsAllowed: the nearest backup root above {@code item} decides. */
    private boolean allowed(Path item, long dev) {
        for (Path dir = item; dir != null; dir = dir.getParent()) {
            Long rootDev = rootDevices.get(dir);
            if (rootDev != null) {
                return rootDev == dev;
            }
        }
        throw new IllegalArgumentException("'" + item + "' is not under any backup root " + rootDevices.keySet()
                + "; pass all roots to oneFileSystem()");
    }

    private static void requireAbsolute(Path p) {
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("exclude rules match absolute paths, got '" + p + "'");
        }
    }

    /** Collects the options; each method mirrors one restic flag. */
    public static final class Builder {
        private final List<byte[]> patterns = new ArrayList<>();
        private final List<byte[]> insensitive = new ArrayList<>();
        private final List<byte[]> includes = new ArrayList<>();
        private final List<TagFileRule> tagRules = new ArrayList<>();
        private final Map<Path, Long> rootDevices = new HashMap<>();
        private long maxSize = -1;
        private Consumer<String> warnings = w -> { };

        private Builder() {
        }

        /** Where tag-file warnings go (restic prints them); set before adding tag files. Default: dropped. */
        public Builder warnings(Consumer<String> sink) {
            this.warnings = sink;
            return this;
        }

        /** {@code --exclude PATTERN}. */
        public Builder exclude(String pattern) {
            patterns.add(pattern.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * Keeps only files (not directories, which are always walked) that match one of the include patterns;
         * no include pattern = every file. Cairn's own rule for site media trees (restic has no such flag).
         */
        public Builder include(String pattern) {
            includes.add(pattern.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** {@code --iexclude PATTERN}: like exclude, ignoring case. */
        public Builder iexclude(String pattern) {
            insensitive.add(pattern.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** {@code --exclude-file FILE}, expanding variables from {@code env} (e.g. {@code System.getenv()}). */
        public Builder excludeFile(Path file, Map<String, String> env) throws IOException {
            patterns.addAll(ExcludeFiles.read(file, env));
            return this;
        }

        /** {@code --iexclude-file FILE}. */
        public Builder iexcludeFile(Path file, Map<String, String> env) throws IOException {
            insensitive.addAll(ExcludeFiles.read(file, env));
            return this;
        }

        /** {@code --exclude-if-present NAME[:HEADER]}. */
        public Builder excludeIfPresent(String spec) {
            tagRules.add(TagFileRule.parse(spec, warnings));
            return this;
        }

        /** {@code --exclude-caches}: directories tagged by the Cache Directory Tagging Standard. */
        public Builder excludeCaches() {
            return excludeIfPresent("CACHEDIR.TAG:Signature: 8a477f597d28d172789f06886806bc55");
        }

        /** {@code --exclude-larger-than SIZE}: a number with an optional b, k, m, g or t suffix (powers of 1024). */
        public Builder excludeLargerThan(String size) {
            this.maxSize = parseSize(size);
            return this;
        }

        /** {@code --one-file-system}: stay on the devices of these backup roots (lstat-ed now). */
        public Builder oneFileSystem(List<Path> roots) throws IOException {
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("--one-file-system needs at least one backup root");
            }
            for (Path root : roots) {
                Path abs = root.toAbsolutePath().normalize();
                rootDevices.put(abs, FileStat.lstat(abs).dev());
            }
            return this;
        }

        /** @throws IllegalArgumentException naming invalid patterns */
        public ExcludeRules build() {
            return new ExcludeRules(this);
        }
    }

    /** restic's parseSizeStr. */
    static long parseSize(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("--exclude-larger-than: expected size, got empty string");
        }
        String num = s.substring(0, s.length() - 1);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'b', 'B' -> 1;
            case 'k', 'K' -> 1L << 10;
            case 'm', 'M' -> 1L << 20;
            case 'g', 'G' -> 1L << 30;
            case 't', 'T' -> 1L << 40;
            default -> {
                num = s;
                yield 1;
            }
        };
        try {
            return Long.parseLong(num) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--exclude-larger-than: invalid size '" + s
                    + "' (use e.g. 500k, 10M, 2G)", e);
        }
    }
}
