package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code cairn rollback --site NAME} needs to undo the site's last live restore, kept in
 * {@code .cairn-rollback/<site>.json} beside cairn.yaml (written atomically after the swap, removed by the
 * rollback): the restore job, its pre_restore snapshot and the location holding it, the swapped media paths with
 * where their old data is kept, and the database restore's own rollback state.
 */
record RollbackState(long job, String snapshot, String location, List<MediaSwap.Swapped> media, JsonNode database) {

    static Path file(Path baseDir, String site) {
        return baseDir.resolve(".cairn-rollback").resolve(site + ".json");
    }

    void write(Path file) throws IOException {
        ObjectNode n = SiteContent.JSON.createObjectNode().put("job", job).put("snapshot", snapshot)
                .put("location", location);
        ArrayNode m = n.putArray("media");
        for (MediaSwap.Swapped s : media) {
            m.addObject().put("live", s.live().toString()).put("old", s.old() == null ? null : s.old().toString());
        }
        if (database != null) {
            n.set("database", database);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, SiteContent.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static RollbackState read(Path file) throws IOException {
        JsonNode n = SiteContent.JSON.readTree(file.toFile());
        List<MediaSwap.Swapped> media = new ArrayList<>();
        for (JsonNode s : n.path("media")) {
            media.add(new MediaSwap.Swapped(Path.of(s.path("live").asText()),
                    s.path("old").isNull() ? null : Path.of(s.path("old").asText())));
        }
        JsonNode db = n.get("database");
        return new RollbackState(n.path("job").asLong(), n.path("snapshot").asText(),
                n.hasNonNull("location") ? n.get("location").asText() : null, media, db);
    }
}
