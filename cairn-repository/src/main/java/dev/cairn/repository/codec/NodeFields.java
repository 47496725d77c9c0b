package dev.cairn.repository.codec;

import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects one node's JSON members as Go's decoder would fill the struct, then builds the {@link Node}. */
final class NodeFields {

    private String name;
    private String type;
    private long mode;
    private Instant mtime;
    private Instant atime;
    private Instant ctime;
    private long uid;
    private long gid;
    private String user;
    private String group;
    private long inode;
    private long deviceId;
    private long size;
    private long links;
    private String linkTarget;
    private byte[] linkTargetRaw;
    private List<ExtendedAttribute> xattrs;
    private long device;
    private List<Id> content;
    private Id subtree;
    private String error;

    void read(String field, JsonIn in) throws IOException {
        switch (field) {
            case "name" -> name = in.string();
            case "type" -> type = in.string();
            case "mode" -> mode = in.unsigned(32);
            case "mtime" -> mtime = in.time();
            case "atime" -> atime = in.time();
            case "ctime" -> ctime = in.time();
            case "uid" -> uid = in.unsigned(32);
            case "gid" -> gid = in.unsigned(32);
            case "user" -> user = in.string();
            case "group" -> group = in.string();
            case "inode" -> inode = in.unsigned(64);
            case "device_id" -> deviceId = in.unsigned(64);
            case "size" -> size = in.unsigned(64);
            case "links" -> links = in.unsigned(64);
            case "linktarget" -> linkTarget = in.string();
            case "linktarget_raw" -> linkTargetRaw = in.base64();
            case "extended_attributes" -> xattrs = readXattrs(in);
            case "device" -> device = in.unsigned(64);
            case "content" -> content = in.idList();
            case "subtree" -> subtree = in.id();
            case "error" -> error = in.string();
            default -> in.skip(); // e.g. generic_attributes (restic 0.17+), path
        }
    }

    private static List<ExtendedAttribute> readXattrs(JsonIn in) throws IOException {
        if (in.isNull()) {
            return null;
        }
        in.startArray();
        List<ExtendedAttribute> list = new ArrayList<>();
        while (in.next() != JsonToken.END_ARRAY) {
            in.startObject();
            String attrName = "";
            byte[] value = null;
            for (String f; (f = in.nextField()) != null; ) {
                switch (f) {
                    case "name" -> attrName = orEmpty(in.string());
                    case "value" -> value = in.base64();
                    default -> in.skip();
                }
            }
            list.add(new ExtendedAttribute(attrName, value == null ? new byte[0] : value));
        }
        return list;
    }

    Node build(JsonIn in) throws IOException {
        if (name == null || name.isEmpty()) {
            throw in.error("node without a name");
        }
        Name nodeName;
        try {
            nodeName = Name.of(GoQuote.unquote('"' + name + '"'));
        } catch (IllegalArgumentException e) {
            throw in.error("node name is not Go-quoted: " + e.getMessage());
        }
        NodeType nodeType;
        try {
            nodeType = NodeType.fromJson(type == null ? "" : type);
        } catch (IllegalArgumentException e) {
            throw in.error("node '" + nodeName + "': " + e.getMessage());
        }
        try {
            return Node.builder(nodeName, nodeType)
                    .mode(mode).mtime(orZero(mtime)).atime(orZero(atime)).ctime(orZero(ctime))
                    .uid(uid).gid(gid).user(user).group(group)
                    .inode(inode).deviceId(deviceId).size(size).links(links)
                    .linkTarget(linkTarget())
                    .extendedAttributes(xattrs).device(device).content(content).subtree(subtree).error(error)
                    .build();
        } catch (IllegalArgumentException e) {
            throw in.error("node '" + nodeName + "': " + e.getMessage());
        }
    }

    /** linktarget_raw, when present, holds the exact bytes; linktarget may have lost invalid UTF-8. */
    private Name linkTarget() {
        if (linkTargetRaw != null) {
            return Name.of(linkTargetRaw);
        }
        if (linkTarget == null || linkTarget.isEmpty()) {
            return null;
        }
        return Name.of(GoUtf8.encode(linkTarget));
    }

    private static Instant orZero(Instant t) {
        return t == null ? GoTimes.ZERO : t;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
