package dev.cairn.repository;

/** restic's two blob types: file content chunks and serialized trees. They never share a pack. */
public enum BlobType {
    DATA("data"),
    TREE("tree");

    private final String jsonName;

    BlobType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in index JSON. */
    public String jsonName() {
        return jsonName;
    }

    public static BlobType fromJson(String name) {
        return switch (name) {
            case "data" -> DATA;
            case "tree" -> TREE;
            default -> throw new IllegalArgumentException("unknown blob type '" + name + "'");
        };
    }
}
