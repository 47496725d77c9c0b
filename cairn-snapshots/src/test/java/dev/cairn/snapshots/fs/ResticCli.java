package dev.cairn.snapshots.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.testkit.Restic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/** The real restic on one repository, plus readers for the trees it wrote (see {@link Restic} for skipping). */
final class ResticCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Restic restic;

    ResticCli(Path repo) {
        this.restic = new Restic(repo, "cairn-test");
    }

    static void requireRestic() {
        Restic.require();
    }

    String run(String... args) throws IOException, InterruptedException {
        return runWithEnv(Map.of(), args);
    }

    String runWithEnv(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> quiet = new ArrayList<>(List.of("-q"));
        quiet.addAll(List.of(args));
        return restic.withEnv(env).ok(quiet.toArray(String[]::new));
    }

    /** The tree JSON of directory {@code dir} in the latest snapshot (walking the absolute path). */
    JsonNode treeOf(Path dir) throws IOException, InterruptedException {
        // restic 0.14's "cat snapshot" does not understand "latest"
        JsonNode list = JSON.readTree(run("snapshots", "--json", "--latest", "1"));
        JsonNode snapshot = JSON.readTree(run("cat", "snapshot", list.get(list.size() - 1).get("id").asText()));
        JsonNode tree = blob(snapshot.get("tree").asText());
        for (Path component : dir) {
            JsonNode next = null;
            for (JsonNode n : tree.get("nodes")) {
                if (n.get("name").asText().equals(component.toString())) {
                    next = n;
                }
            }
            Assertions.assertNotNull(next, "no node " + component + " on the way to " + dir);
            tree = blob(next.get("subtree").asText());
        }
        return tree;
    }

    JsonNode blob(String id) throws IOException, InterruptedException {
        return JSON.readTree(run("cat", "blob", id));
    }

    /** Go's strconv.Unquote of restic's escaped node name (without the quotes), to raw bytes. */
    static byte[] unquote(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c != '\\') {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write(10);
                case 'r' -> out.write(13);
                case 't' -> out.write(9);
                case 'v' -> out.write(11);
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    int cp = Integer.parseInt(s.substring(i, i + len), 16);
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i += len;
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }
}
