package dev.cairn.snapshots.select;

import java.util.List;

/**
 * The key of a snapshot group; a part not grouped by is {@code null}.
 *
 * @param host the host name, when grouping by host
 * @param paths the sorted paths, when grouping by paths
 * @param tags the sorted tags, when grouping by tags
 */
public record SnapshotGroup(String host, List<String> paths, List<String> tags) {
}
