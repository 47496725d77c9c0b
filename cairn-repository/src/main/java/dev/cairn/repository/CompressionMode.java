package dev.cairn.repository;

/** restic's {@code --compression} modes for data blobs. Trees and metadata files are always compressed. */
public enum CompressionMode {
    /** zstd at the default level; data that does not shrink is stored uncompressed (a valid v2 blob). */
    AUTO(3),
    /** data blobs stored uncompressed. */
    OFF(0),
    /** zstd at a high level: smaller repository, slower backups. */
    MAX(19);

    private final int zstdLevel;

    CompressionMode(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    public int zstdLevel() {
        return zstdLevel;
    }

    public static CompressionMode parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "off" -> OFF;
            case "max" -> MAX;
            default -> throw new IllegalArgumentException("unknown compression mode '" + s + "' (auto, off, max)");
        };
    }
}
