package dev.cairn.snapshots.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Id;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotSelectorTest {

    private static final Id TREE = Id.hash(new byte[0]);

    private static SnapshotRef ref(String hexStart, long seconds, String host, List<String> tags, String... paths) {
        String hex = (hexStart + "0".repeat(64)).substring(0, 64);
        return new SnapshotRef(Id.parse(hex), new Snapshot(Instant.ofEpochSecond(seconds), null, TREE,
                List.of(paths), host, "me", 0, 0, null, tags, null, null, null));
    }

    private final SnapshotRef a = ref("aa11", 100, "web", List.of("site:blog", "type:full"), "/srv/blog");
    private final SnapshotRef b = ref("aa22", 200, "web", List.of("site:shop"), "/srv/shop");
    private final SnapshotRef c = ref("bb33", 300, "db", List.of(), "/srv/blog", "/var/lib");
    private final SnapshotSelector selector = new SnapshotSelector(List.of(c, a, b));

    @Test
    void latestWithoutFilterIsTheNewest() throws Exception {
        assertThat(selector.latest(SnapshotFilter.NONE)).isEqualTo(c);
        assertThat(selector.resolve("latest", SnapshotFilter.NONE)).isEqualTo(c);
    }

    @Test
    void latestHonoursHostTagAndPathFilters() throws Exception {
        assertThat(selector.resolve("latest", SnapshotFilter.ofFlags(List.of("web"), List.of(), List.of())))
                .isEqualTo(b);
        // one --tag value: all of its comma-separated tags must be present
        assertThat(selector.resolve("latest", SnapshotFilter.ofFlags(List.of(), List.of("site:blog, type:full"),
                List.of()))).isEqualTo(a);
        // several --tag flags: any of them
        assertThat(selector.resolve("latest", SnapshotFilter.ofFlags(List.of(), List.of("site:blog", "site:shop"),
                List.of()))).isEqualTo(b);
        assertThat(selector.resolve("latest", SnapshotFilter.ofFlags(List.of(), List.of(), List.of("/srv/blog/"))))
                .isEqualTo(c);
        // --tag '' selects untagged snapshots
        assertThat(selector.resolve("latest", SnapshotFilter.ofFlags(List.of(), List.of(""), List.of())))
                .isEqualTo(c);
    }

    @Test
    void latestWithNoMatchNamesTheFilter() {
        assertThatThrownBy(() -> selector.resolve("latest",
                SnapshotFilter.ofFlags(List.of("nowhere"), List.of(), List.of())))
                .isInstanceOf(SnapshotSelectionException.class)
                .hasMessageContaining("no snapshot matches 'latest'").hasMessageContaining("nowhere");
    }

    @Test
    void uniquePrefixAndFullIdResolve() throws Exception {
        assertThat(selector.resolve("aa1", SnapshotFilter.NONE)).isEqualTo(a);
        assertThat(selector.resolve("BB", SnapshotFilter.NONE)).isEqualTo(c);
        assertThat(selector.resolve(b.id().hex(), SnapshotFilter.NONE)).isEqualTo(b);
    }

    @Test
    void ambiguousPrefixListsCandidates() {
        assertThatThrownBy(() -> selector.resolve("aa", SnapshotFilter.NONE))
                .isInstanceOfSatisfying(SnapshotSelectionException.class, e -> assertThat(e.candidates())
                        .containsExactly(a.id().hex(), b.id().hex()))
                .hasMessageContaining("ambiguous");
    }

    @Test
    void unknownReferencesFail() {
        assertThatThrownBy(() -> selector.resolve("cc", SnapshotFilter.NONE))
                .hasMessage("no snapshot matches 'cc'");
        assertThatThrownBy(() -> selector.resolve("nothex", SnapshotFilter.NONE))
                .hasMessageContaining("no snapshot matches 'nothex'");
    }

    @Test
    void listingFilterAndSelection() throws Exception {
        assertThat(selector.all()).containsExactly(a, b, c);
        assertThat(selector.filter(SnapshotFilter.ofFlags(List.of("web"), List.of(), List.of())))
                .containsExactly(a, b);
        assertThat(selector.filter(SnapshotFilter.ofFlags(List.of(), List.of(), List.of("/srv/blog", "/var/lib"))))
                .containsExactly(c);
        assertThat(selector.select(List.of("bb", "latest", "aa1"), SnapshotFilter.NONE)).containsExactly(c, a);
        assertThat(selector.select(List.of(), SnapshotFilter.ofFlags(List.of("db"), List.of(), List.of())))
                .containsExactly(c);
    }

    @Test
    void groupsByHost() {
        var groups = SnapshotSelector.group(selector.all(), true, false, false);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(new SnapshotGroup("web", null, null))).containsExactly(a, b);
    }

    @Test
    void refWithPathSplitsAtTheFirstColon() {
        assertThat(SnapshotRefWithPath.parse("latest")).isEqualTo(new SnapshotRefWithPath("latest", "/"));
        assertThat(SnapshotRefWithPath.parse("ab12:/srv//blog/")).isEqualTo(new SnapshotRefWithPath("ab12",
                "/srv/blog"));
        assertThat(SnapshotRefWithPath.parse("latest:etc/a:b")).isEqualTo(new SnapshotRefWithPath("latest",
                "/etc/a:b"));
        assertThatThrownBy(() -> SnapshotRefWithPath.parse("latest:/a/../..")).hasMessageContaining("..");
        assertThatThrownBy(() -> SnapshotRefWithPath.parse(":/a")).hasMessageContaining("empty snapshot");
    }
}
