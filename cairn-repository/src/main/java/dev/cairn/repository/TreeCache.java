package dev.cairn.repository;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small LRU cache of decoded trees: restores, diffs and parent lookups read the same trees repeatedly. Bounded by
 * the number of nodes it holds, not of trees: a walk over every tree of a repository (prune, check, stats) reads
 * each tree once, and a cache of thousands of large directories only kept ~100 MB of garbage-to-be alive (which
 * made prune's collector run full collections over and over).
 */
final class TreeCache {

    private final Map<Id, Tree> map;
    private final int maxNodes;
    private int nodes;

    TreeCache(int maxNodes) {
        this.maxNodes = maxNodes;
        this.map = new LinkedHashMap<>(256, 0.75f, true);
    }

    synchronized Tree get(Id id) {
        return map.get(id);
    }

    synchronized void put(Id id, Tree tree) {
        int size = tree.nodes().size() + 1;
        if (size > maxNodes) {
            return; // one huge directory would evict everything else
        }
        Tree old = map.put(id, tree);
        nodes += size - (old == null ? 0 : old.nodes().size() + 1);
        var eldest = map.entrySet().iterator();
        while (nodes > maxNodes && eldest.hasNext()) {
            nodes -= eldest.next().getValue().nodes().size() + 1;
            eldest.remove();
        }
    }
}
