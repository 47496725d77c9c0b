package dev.cairn.snapshots.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.browse.TreeWalker;
import dev.cairn.snapshots.select.SnapshotFilter;
import dev.cairn.snapshots.select.SnapshotSelector;
import dev.cairn.snapshots.stats.Stats;
import dev.cairn.snapshots.stats.StatsMode;
import dev.cairn.snapshots.stats.StatsResult;
import dev.cairn.snapshots.testing.ResticRepoFixture;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** diff, stats and ls on a repository the real restic wrote, compared with restic's own output. */
class ResticComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANGE = Pattern.compile("^([+\\-MTU]+)\\s+(/.*)$");

    @TempDir
    static Path work;
    static ResticRepoFixture fixture;
    static Restic restic;
    static Repository repo;
    static SnapshotSelector selector;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = ResticRepoFixture.create(work, 20240601L);
        restic = new Restic(fixture.repoDir, ResticRepoFixture.PASSWORD);
        repo = ResticRepoFixture.open(fixture.repoDir);
        selector = SnapshotSelector.of(repo);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (repo != null) {
            repo.close();
        }
    }

    private static SnapshotRef snap(String id) throws Exception {
        return selector.resolve(id, SnapshotFilter.NONE);
    }

    private static List<String> resticDiff(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("diff"));
        args.addAll(List.of(flags));
        args.add(fixture.snapshot1);
        args.add(fixture.snapshot2);
        List<String> out = new ArrayList<>();
        for (String line : restic.ok(args.toArray(String[]::new)).split("\n")) {
            if (CHANGE.matcher(line).matches()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    private static List<String> ourDiff(boolean metadata) throws Exception {
        List<String> out = new ArrayList<>();
        new SnapshotDiff(repo, Warnings.IGNORE).diff(snap(fixture.snapshot1).snapshot(),
                snap(fixture.snapshot2).snapshot(), metadata, c -> out.add(c.toString().strip()));
        return out;
    }

    @Test
    void diffMatchesRestic() throws Exception {
        List<String> expected = resticDiff();
        assertThat(expected).as("the fixture has changes").isNotEmpty();
        assertThat(ourDiff(false)).containsExactlyElementsOf(expected);
    }

    @Test
    void diffWithMetadataMatchesRestic() throws Exception {
        List<String> expected = resticDiff("--metadata");
        assertThat(expected).anyMatch(l -> l.startsWith("U") && l.endsWith("/site/style.css"));
        assertThat(ourDiff(true)).containsExactlyElementsOf(expected);
    }

    @Test
    void diffStatisticsMatchRestic() throws Exception {
        JsonNode restics = null;
        for (String line : restic.ok("--json", "diff", fixture.snapshot1, fixture.snapshot2).split("\n")) {
            JsonNode n = JSON.readTree(line);
            if ("statistics".equals(n.path("message_type").asText())) {
                restics = n;
            }
        }
        DiffStats ours = new SnapshotDiff(repo, Warnings.IGNORE).diff(snap(fixture.snapshot1).snapshot(),
                snap(fixture.snapshot2).snapshot(), false, c -> { });
        assertThat(ours.changedFiles()).isEqualTo(restics.get("changed_files").asLong());
        for (var side : List.of("added", "removed")) {
            JsonNode r = restics.get(side);
            DiffStats.Side s = side.equals("added") ? ours.added() : ours.removed();
            assertThat(List.of(s.files(), s.dirs(), s.others(), s.dataBlobs(), s.treeBlobs(), s.bytes())).as(side)
                    .containsExactly(r.get("files").asLong(), r.get("dirs").asLong(), r.get("others").asLong(),
                            r.get("data_blobs").asLong(), r.get("tree_blobs").asLong(), r.get("bytes").asLong());
        }
    }

    @Test
    void statsMatchRestic() throws Exception {
        Stats stats = new Stats(repo);
        for (StatsMode mode : StatsMode.values()) {
            for (List<String> ids : List.of(List.of(fixture.snapshot1), List.<String>of())) {
                List<String> args = new ArrayList<>(List.of("stats", "--json", "--mode", mode.flag()));
                args.addAll(ids);
                JsonNode expected = JSON.readTree(restic.ok(args.toArray(String[]::new)));
                StatsResult ours = stats.compute(mode, selector.select(ids, SnapshotFilter.NONE));
                assertThat(List.of(ours.totalSize(), ours.totalFileCount(), ours.totalBlobCount(),
                        (long) ours.snapshotsCount())).as(mode + " " + ids).containsExactly(
                        expected.get("total_size").asLong(), expected.get("total_file_count").asLong(),
                        expected.path("total_blob_count").asLong(0), expected.get("snapshots_count").asLong());
            }
        }
    }

    @Test
    void lsListsWhatResticLists() throws Exception {
        for (List<String> dirs : List.of(List.<String>of(), List.of(fixture.source.resolve("media").toString()))) {
            List<String> args = new ArrayList<>(List.of("ls", "--json", fixture.snapshot2));
            args.addAll(dirs);
            List<String> expected = new ArrayList<>();
            for (String line : restic.ok(args.toArray(String[]::new)).split("\n")) {
                JsonNode n = JSON.readTree(line);
                if ("node".equals(n.path("struct_type").asText())) {
                    expected.add(n.get("path").asText() + " " + n.get("permissions").asText());
                }
            }
            List<String> ours = new ArrayList<>();
            new TreeWalker(repo).ls(snap(fixture.snapshot2).snapshot().tree(), dirs, false, (path, node) -> {
                ours.add(path + " " + dev.cairn.snapshots.browse.ModeStrings.goFileMode(node.mode()));
                return TreeWalker.Action.CONTINUE;
            });
            assertThat(ours).as(dirs.toString()).isNotEmpty().containsExactlyElementsOf(expected);
        }
    }
}
