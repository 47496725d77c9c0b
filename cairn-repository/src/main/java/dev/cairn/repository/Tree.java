package dev.cairn.repository;

import java.util.List;

/** A directory's entries, sorted bytewise by name without duplicates (the order restic requires). */
public record Tree(List<Node> nodes) {

    public static final Tree EMPTY = new Tree(List.of());

    public Tree {
        nodes = List.copyOf(nodes);
        for (int i = 1; i < nodes.size(); i++) {
            if (nodes.get(i - 1).name().compareTo(nodes.get(i).name()) >= 0) {
                throw new IllegalArgumentException("tree nodes must be sorted by name without duplicates: '"
                        + nodes.get(i - 1).name() + "' before '" + nodes.get(i).name() + "'");
            }
        }
    }

    /** Sorts the nodes; fails on duplicate names. */
    public static Tree ofUnsorted(List<Node> nodes) {
        return new Tree(nodes.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList());
    }

    /** The exact bytes restic stores for this tree: {@code {"nodes":[...]}\n}, Go's JSON encoding. */
    public byte[] json() {
        return dev.cairn.repository.codec.TreeCodec.encode(this);
    }

    /** The node with this name, or {@code null}; binary search. */
    public Node find(Name name) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = nodes.get(mid).name().compareTo(name);
            if (c == 0) {
                return nodes.get(mid);
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }
}
