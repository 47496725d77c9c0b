package dev.cairn.snapshots.diff;

import dev.cairn.repository.ExtendedAttribute;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * restic 0.14's {@code Node.Equals}: every field, with Go's zero values (an absent string is {@code ""}) equal to
 * absent ones, content {@code nil} different from {@code []}, and extended attributes compared as a set.
 */
final class NodeEquality {

    private NodeEquality() {
    }

    static boolean equal(Node a, Node b) {
        return a.name().equals(b.name()) && a.type() == b.type() && a.mode() == b.mode()
                && a.mtime().equals(b.mtime()) && a.atime().equals(b.atime()) && a.ctime().equals(b.ctime())
                && a.uid() == b.uid() && a.gid() == b.gid()
                && str(a.user()).equals(str(b.user())) && str(a.group()).equals(str(b.group()))
                && a.inode() == b.inode() && a.deviceId() == b.deviceId() && a.size() == b.size()
                && a.links() == b.links() && name(a.linkTarget()).equals(name(b.linkTarget()))
                && a.device() == b.device() && Objects.equals(a.content(), b.content())
                && sameAttributes(a.extendedAttributes(), b.extendedAttributes())
                && Objects.equals(a.subtree(), b.subtree()) && str(a.error()).equals(str(b.error()));
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static Name name(Name n) {
        return n == null ? Name.of(new byte[0]) : n;
    }

    private static boolean sameAttributes(List<ExtendedAttribute> a, List<ExtendedAttribute> b) {
        List<ExtendedAttribute> x = a == null ? List.of() : a;
        List<ExtendedAttribute> y = b == null ? List.of() : b;
        return x.size() == y.size() && asMap(x).equals(asMap(y));
    }

    private static Map<String, ByteBuffer> asMap(List<ExtendedAttribute> attrs) {
        Map<String, ByteBuffer> m = new HashMap<>();
        for (ExtendedAttribute attr : attrs) {
            m.put(attr.name(), ByteBuffer.wrap(attr.value()));
        }
        return m;
    }
}
