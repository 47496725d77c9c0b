package dev.cairn.repository.codec;

import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tree blobs exactly as restic 0.14 writes them: {@code {"nodes":[...]}} and a newline, each node in Go struct
 * order with restic's {@code omitempty} rules, names Go-quoted before JSON encoding. A symlink target that is not
 * valid UTF-8 is additionally written as {@code linktarget_raw} (restic 0.16+), which readers prefer.
 */
public final class TreeCodec {

    private TreeCodec() {
    }

    public static byte[] encode(Tree tree) {
        GoJson w = new GoJson().beginObject().name("nodes").beginArray();
        for (Node n : tree.nodes()) {
            NodeJson.write(w, n);
        }
        return w.endArray().endObject().toBytesWithNewline();
    }

    /**
     * Parses a tree blob; unknown members are ignored, nodes are sorted by name if needed.
     *
     * @throws IOException ({@link dev.cairn.repository.RepositoryException.Corrupt}) if it is not a valid tree
     */
    public static Tree decode(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "tree")) {
            in.startObject();
            List<Node> nodes = new ArrayList<>();
            for (String f; (f = in.nextField()) != null; ) {
                if (f.equals("nodes") && !in.isNull()) {
                    nodes.clear();
                    in.startArray();
                    while (in.next() != JsonToken.END_ARRAY) {
                        nodes.add(NodeJson.read(in));
                    }
                } else {
                    in.skip();
                }
            }
            in.end();
            try {
                return Tree.ofUnsorted(nodes);
            } catch (IllegalArgumentException e) {
                throw in.error(e.getMessage());
            }
        }
    }

    /**
     * Calls {@code refs} with every node's content IDs and subtree ID, skipping all other members, with the same
     * parsing rules as {@link #decode} (case-insensitive member names, null as absent). Invalid IDs and invalid
     * JSON are errors as there; node order and the remaining fields are not checked.
     *
     * @throws IOException ({@link dev.cairn.repository.RepositoryException.Corrupt}) if it is not a valid tree
     */
    public static void forEachReference(byte[] json, Repository.TreeReferences refs) throws IOException {
        try (JsonIn in = JsonIn.open(json, "tree")) {
            in.startObject();
            for (String f; (f = in.nextField()) != null; ) {
                if (!f.equals("nodes") || in.isNull()) {
                    in.skip();
                    continue;
                }
                in.startArray();
                while (in.next() != JsonToken.END_ARRAY) {
                    in.startObject();
                    for (String name; (name = in.nextField()) != null; ) {
                        switch (name) {
                            case "content" -> {
                                if (!in.isNull()) {
                                    in.startArray();
                                    while (in.next() != JsonToken.END_ARRAY) {
                                        Id blob = in.id();
                                        if (blob == null) {
                                            throw in.error("null ID in 'content'");
                                        }
                                        refs.content(blob);
                                    }
                                }
                            }
                            case "subtree" -> {
                                Id subtree = in.id();
                                if (subtree != null) {
                                    refs.subtree(subtree);
                                }
                            }
                            default -> in.skip();
                        }
                    }
                }
            }
            in.end();
        }
    }

    /** Node member encoding and decoding. */
    static final class NodeJson {
        private NodeJson() {
        }

        static void write(GoJson w, Node n) {
            String quoted = GoQuote.quote(n.name().bytes());
            w.beginObject().name("name").value(quoted.substring(1, quoted.length() - 1));
            w.name("type").value(n.type().jsonName());
            if (n.mode() != 0) w.name("mode").unsigned(n.mode());
            w.name("mtime").value(GoTimes.fixYear(n.mtime()));
            w.name("atime").value(GoTimes.fixYear(n.atime()));
            w.name("ctime").value(GoTimes.fixYear(n.ctime()));
            w.name("uid").unsigned(n.uid());
            w.name("gid").unsigned(n.gid());
            if (notEmpty(n.user())) w.name("user").value(n.user());
            if (notEmpty(n.group())) w.name("group").value(n.group());
            if (n.inode() != 0) w.name("inode").unsigned(n.inode());
            if (n.deviceId() != 0) w.name("device_id").unsigned(n.deviceId());
            if (n.size() != 0) w.name("size").unsigned(n.size());
            if (n.links() != 0) w.name("links").unsigned(n.links());
            writeLinkTarget(w, n.linkTarget());
            writeXattrs(w, n.extendedAttributes());
            if (n.device() != 0) w.name("device").unsigned(n.device());
            w.name("content");
            if (n.content() == null) {
                w.nullValue();
            } else {
                w.beginArray();
                n.content().forEach(w::value);
                w.endArray();
            }
            if (n.subtree() != null) w.name("subtree").value(n.subtree());
            if (notEmpty(n.error())) w.name("error").value(n.error());
            w.endObject();
        }

        private static void writeLinkTarget(GoJson w, Name target) {
            if (target == null || target.length() == 0) {
                return;
            }
            byte[] raw = target.bytes();
            w.name("linktarget").value(raw);
            if (!GoUtf8.isValid(raw)) {
                w.name("linktarget_raw").base64(raw);
            }
        }

        private static void writeXattrs(GoJson w, List<ExtendedAttribute> xattrs) {
            if (xattrs == null || xattrs.isEmpty()) {
                return;
            }
            w.name("extended_attributes").beginArray();
            for (ExtendedAttribute a : xattrs) {
                w.beginObject().name("name").value(a.name()).name("value").base64(a.value()).endObject();
            }
            w.endArray();
        }

        private static boolean notEmpty(String s) {
            return s != null && !s.isEmpty();
        }

        static Node read(JsonIn in) throws IOException {
            in.startObject();
            NodeFields f = new NodeFields();
            for (String name; (name = in.nextField()) != null; ) {
                f.read(name, in);
            }
            return f.build(in);
        }
    }
}
