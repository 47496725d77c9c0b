package dev.cairn.storage.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Parses a list reply: v2 is {@code [{"name":…,"size":…}]}, v1 is {@code ["name",…]} (sizes unknown: -1). */
final class RestListing {

    static final String V2 = "application/vnd.x.restic.rest.v2";

    private static final ObjectMapper JSON = new ObjectMapper();

    record Entry(String name, long size) {
    }

    private RestListing() {
    }

    static List<Entry> parse(byte[] body, String contentType, String location, String dir) throws StorageException {
        boolean v2 = contentType.strip().equals(V2);
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isArray()) {
                throw new IOException("not a JSON array");
            }
            List<Entry> entries = new ArrayList<>(root.size());
            for (JsonNode item : root) {
                if (v2) {
                    JsonNode name = item.get("name");
                    JsonNode size = item.get("size");
                    if (name == null || !name.isTextual() || size == null || !size.canConvertToLong()
                            || size.asLong() < 0) {
                        throw new IOException("v2 entry without name and size: " + item);
                    }
                    entries.add(new Entry(name.asText(), size.asLong()));
                } else {
                    if (!item.isTextual()) {
                        throw new IOException("v1 entry is not a name: " + item);
                    }
                    entries.add(new Entry(item.asText(), -1));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new StorageException.Permanent(location + ": list " + dir + ": the server's reply is not a "
                    + "restic REST listing (" + e.getMessage() + "); is this URL a REST server?", e);
        }
    }
}
