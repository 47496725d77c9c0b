package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.check.CheckOptions;
import dev.cairn.snapshots.check.Checker;
import dev.cairn.snapshots.prune.PruneOptions;
import dev.cairn.snapshots.prune.PruneResult;
import dev.cairn.snapshots.prune.Pruner;
import dev.cairn.snapshots.testing.SharedBlobSnapshots;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Storage;
import dev.cairn.storage.s3.S3TestServer;
import dev.cairn.storage.testkit.CountingStorage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How many requests a prune makes through a real backend (S3Proxy on loopback), counted by {@link CountingStorage}:
 * one listing of the packs, no per-pack stat, one ranged read per pack it repacks (plus the snapshot and tree
 * reads, trees a window at a time), one delete per pack it drops. The counts are printed for the record.
 */
class PruneRoundTripsTest {

    private static final char[] PASSWORD = "pw".toCharArray();
    private static final int SNAPSHOTS = 12;

    @Test
    void pruneMakesNoPerPackRequestsBeyondRepackAndDelete() throws Exception {
        Random r = new Random(5);
        try (S3TestServer server = S3TestServer.start();
                CountingStorage storage = new CountingStorage(server.open("prune-counts/repo", Map.of()))) {
            storage.create();
            RepositoryOptions options = RepositoryOptions.defaults().withPackSize(4 << 20);
            List<Id> snapshots;
            try (Repository repo = Repositories.init(storage, PASSWORD, options, new ScryptParams(16, 1, 1))) {
                snapshots = SharedBlobSnapshots.write(repo, r, SNAPSHOTS);
                for (Id id : snapshots.subList(0, SNAPSHOTS / 2)) {
                    repo.removeSnapshot(id);
                }
            }
            long packsBefore = count(storage, FileType.PACK);
            storage.reset();
            PruneResult result;
            try (Repository repo = Repositories.open(storage, PASSWORD, options)) {
                result = new Pruner(repo).prune(new PruneOptions(new PruneOptions.MaxUnused.Percent(0),
                        Long.MAX_VALUE, false, false, false, 4 << 20, false), new Progress("prune"));
            }
            Map<String, Long> counts = storage.counts();
            System.out.printf("prune through S3 (%d packs before, %d snapshots, %d forgotten): repacked %d, "
                    + "removed %d unreferenced + %d; requests %s%n", packsBefore, SNAPSHOTS, SNAPSHOTS / 2,
                    result.repackedPacks().size(), result.unreferencedPacks().size(), result.removedPacks().size(),
                    counts);

            assertThat(result.repackedPacks().size() + result.removedPacks().size()).as("the prune did work")
                    .isPositive();
            assertThat(storage.count("list", FileType.PACK)).as("one listing of the packs").isEqualTo(1);
            assertThat(storage.count("stat", FileType.PACK)).as("no per-pack stat").isZero();
            long treePacksRead = treeReads(storage, result);
            // Each backup above flushed its two trees into a pack of their own: one read per kept snapshot's tree
            // pack, not one per tree.
            assertThat(treePacksRead).as("tree reads").isLessThanOrEqualTo(SNAPSHOTS - SNAPSHOTS / 2);
            assertThat(storage.count("remove", FileType.PACK)).as("one delete per dropped pack")
                    .isEqualTo(result.repackedPacks().size() + result.removedPacks().size()
                            + result.unreferencedPacks().size());
            assertThat(storage.count("open", FileType.SNAPSHOT)).as("each remaining snapshot read once")
                    .isEqualTo(SNAPSHOTS - SNAPSHOTS / 2);

            try (Repository repo = Repositories.open(storage, PASSWORD, options)) {
                assertThat(new Checker(repo).check(CheckOptions.readAll(), new Progress("check")).errors())
                        .isEmpty();
            }
        }
    }

    /** Pack reads that were not the repacking of a pack: the tree reads of the used-blob walk. */
    private static long treeReads(CountingStorage storage, PruneResult result) {
        return storage.count("open", FileType.PACK) - result.repackedPacks().size();
    }

    private static long count(Storage storage, FileType type) throws Exception {
        long[] n = {0};
        storage.list(type, f -> n[0]++);
        return n[0];
    }
}
