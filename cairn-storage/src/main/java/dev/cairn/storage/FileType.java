package dev.cairn.storage;

/**
 * The kinds of file a restic repository holds. Each maps to restic's directory name; only {@link #CONFIG} is a
 * single fixed-name file, and only {@link #PACK} files are spread over two-hex-digit subdirectories (a backend
 * decides whether to do that, following restic's layout for its kind of store).
 */
public enum FileType {
    CONFIG("config"),
    KEY("keys"),
    SNAPSHOT("snapshots"),
    INDEX("index"),
    PACK("data"),
    LOCK("locks");

    private final String dirName;

    FileType(String dirName) {
        this.dirName = dirName;
    }

    /** restic's name for this type: the directory under the repository root (or the file name for config). */
    public String dirName() {
        return dirName;
    }
}
