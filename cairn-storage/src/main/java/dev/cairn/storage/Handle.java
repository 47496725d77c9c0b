package dev.cairn.storage;

import java.util.Objects;

/**
 * Names one file in a storage: its type and its name (a 64-hex ID for all types except {@link FileType#CONFIG},
 * whose name is always {@code "config"}).
 */
public record Handle(FileType type, String name) {

    public Handle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type == FileType.CONFIG) {
            if (!name.equals("config")) {
                throw new IllegalArgumentException("the config file is always named 'config', got '" + name + "'");
            }
        } else if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid file name for " + type + ": '" + name + "'");
        } else if (type == FileType.PACK && name.length() < 2) {
            throw new IllegalArgumentException("pack name '" + name + "' is too short for restic's data/<2 chars>/ "
                    + "layout");
        }
    }

    /**
     * The file's path in restic's default layout, relative to the repository root: {@code config},
     * {@code keys/ID}, {@code snapshots/ID}, {@code index/ID}, {@code locks/ID}, and {@code data/ab/ID} for packs
     * (spread over 256 subdirectories by the first two characters). Every backend that stores paths uses it.
     */
    public String layoutPath() {
        return switch (type) {
            case CONFIG -> "config";
            case PACK -> "data/" + name.substring(0, 2) + "/" + name;
            default -> type.dirName() + "/" + name;
        };
    }

    public static Handle config() {
        return new Handle(FileType.CONFIG, "config");
    }

    public static Handle of(FileType type, String name) {
        return new Handle(type, name);
    }

    @Override
    public String toString() {
        return type == FileType.CONFIG ? "config" : type.dirName() + "/" + name;
    }
}
