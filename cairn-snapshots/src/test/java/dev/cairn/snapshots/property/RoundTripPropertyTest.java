package dev.cairn.snapshots.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.backup.BackupResult;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.RestoreResult;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.storage.Storages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: any tree (random names of raw bytes, sizes, symlinks, hardlinks, modes, mtimes) survives backup and
 * restore through a local repository byte- and metadata-identical. {@code -Dcairn.property.seed=N} replays a run;
 * {@code -Dcairn.property.iterations=N} runs longer.
 */
class RoundTripPropertyTest {

    @TempDir
    Path tmp;

    @Test
    void randomTreesRoundTripIdentically() throws Exception {
        long seed = Long.getLong("cairn.property.seed", System.nanoTime());
        int iterations = Integer.getInteger("cairn.property.iterations", 20);
        Random random = new Random(seed);
        try (Repository repo = Repositories.init(Storages.local(tmp.resolve("repo")), "pw".toCharArray(),
                RepositoryOptions.defaults(), new ScryptParams(16, 1, 1))) {
            for (int i = 0; i < iterations; i++) {
                String context = "seed " + seed + " (-Dcairn.property.seed=" + seed + "), iteration " + i;
                Path source = tmp.resolve("src" + i);
                RandomTrees.generate(source, new Random(random.nextLong()), 6 << 20);
                List<String> warnings = new ArrayList<>();
                BackupResult backup = new Archiver(repo, BackupOptions.defaults(), new Progress("backup"),
                        (p, m) -> warnings.add(p + ": " + m)).backup(List.of(source));
                assertThat(warnings).as(context).isEmpty();
                Path target = tmp.resolve("restored" + i);
                RestoreResult restore = new Restorer(repo, new Progress("restore"),
                        (p, m) -> warnings.add(p + ": " + m)).restore(backup.snapshot(), source.toString(), target,
                        RestoreOptions.defaults());
                assertThat(restore.failures()).as(context).isEmpty();
                assertThat(RandomTrees.describe(target)).as(context).isEqualTo(RandomTrees.describe(source));
            }
        }
    }
}
