package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn prune} through the CLI, alternating with the real restic 0.14 on one repository. */
class PruneCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "test password";

    @TempDir
    Path tmp;

    /** Every file under {@code dir} with its size: what "nothing changed" means for a repository. */
    static Map<String, Long> listing(Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.size(p));
            }
        }
        out.keySet().removeIf(k -> k.startsWith("locks/"));
        return out;
    }

    private static long packBytes(Path repo) throws IOException {
        return listing(repo).entrySet().stream().filter(e -> e.getKey().startsWith("data/"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void resticBacksUpAndForgetsCairnPrunesBothCheck() throws Exception {
        Restic.require();
        Path repo = tmp.resolve("repo");
        Restic restic = new Restic(repo, PASSWORD);
        restic.ok("init", "--repository-version", "2");
        EvolvingTree tree = new EvolvingTree(tmp.resolve("src"), 21);
        for (int i = 0; i < 4; i++) {
            restic.ok("--pack-size", "4", "backup", tree.root().toString());
            if (i < 3) {
                tree.evolve();
            }
        }
        restic.ok("forget", "--keep-last", "1");
        long before = packBytes(repo);
        Cli cli = Cli.forRepo(repo);
        Cli.Run prune = cli.run("--json", "--pack-size", "4", "prune", "--max-unused", "0%");
        assertThat(prune.exitCode()).as(prune.stderr()).isZero();
        JsonNode summary = JSON.readTree(prune.stdout());
        assertThat(summary.get("dry_run").asBoolean()).isFalse();
        assertThat(summary.get("packs").get("repack").asLong() + summary.get("packs").get("remove").asLong())
                .isPositive();
        assertThat(packBytes(repo)).isLessThan(before);
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        // Pruning again with 0% tolerated finds nothing left to do.
        JsonNode again = JSON.readTree(cli.run("--json", "prune", "--max-unused", "0%").stdout());
        assertThat(again.get("bytes").get("freed").asLong()).isZero();
        Path target = tmp.resolve("restored");
        restic.ok("restore", "latest", "--target", target.toString());
        TestTrees.assertSameTree(tree.root(), target.resolve(tree.root().toString().substring(1)));
    }

    @Test
    void cairnBacksUpResticForgetsAndPrunesBothCheck() throws Exception {
        Restic.require();
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        EvolvingTree tree = new EvolvingTree(tmp.resolve("src"), 22);
        for (int i = 0; i < 4; i++) {
            Cli.Run b = cli.run("--pack-size", "4", "backup", tree.root().toString());
            assertThat(b.exitCode()).as(b.stderr()).isZero();
            if (i < 3) {
                tree.evolve();
            }
        }
        Restic restic = new Restic(repo, PASSWORD);
        restic.ok("forget", "--keep-last", "2", "--prune", "--max-unused", "0%");
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        // And Cairn has nothing left to free after restic's prune: both tools agree on what is used.
        JsonNode dry = JSON.readTree(cli.run("--json", "prune", "--dry-run", "--max-unused", "0%").stdout());
        assertThat(dry.get("bytes").get("freed").asLong()).isZero();
        Path target = tmp.resolve("restored");
        Cli.Run restore = cli.run("restore", "latest", "--target", target.toString(), "--verify");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(tree.root(), target.resolve(tree.root().toString().substring(1)));
    }

    @Test
    void dryRunChangesNothingAndTheRealRunFreesWhatItAnnounced() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        cli.run("init");
        EvolvingTree tree = new EvolvingTree(tmp.resolve("src"), 23);
        for (int i = 0; i < 3; i++) {
            cli.run("--pack-size", "4", "backup", tree.root().toString());
            tree.evolve();
        }
        JsonNode snaps = JSON.readTree(cli.run("--json", "snapshots").stdout());
        Files.delete(repo.resolve("snapshots").resolve(snaps.get(0).get("id").asText()));
        Map<String, Long> before = listing(repo);
        Cli.Run dry = cli.run("prune", "--dry-run", "--max-unused", "0%");
        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(dry.stdout()).contains("dry run: nothing was changed").contains("to repack:");
        JsonNode plan = JSON.readTree(cli.run("--json", "prune", "-n", "--max-unused", "0%").stdout());
        assertThat(listing(repo)).isEqualTo(before);
        long announced = plan.get("bytes").get("freed").asLong();
        assertThat(announced).isPositive();
        Cli.Run real = cli.run("prune", "--max-unused", "0%");
        assertThat(real.exitCode()).as(real.stderr()).isZero();
        assertThat(real.stdout()).contains("done: freed");
        long freed = before.entrySet().stream().filter(e -> e.getKey().startsWith("data/"))
                .mapToLong(Map.Entry::getValue).sum() - packBytes(repo);
        assertThat((double) freed).isCloseTo(announced, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(cli.run("check", "--read-data").exitCode()).isZero();
    }

    @Test
    void refusesWhileAnotherProcessHoldsALock() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        cli.run("init");
        // A lock of another host cannot be judged stale by PID: it blocks like a live backup would.
        RepositoryOptions elsewhere = RepositoryOptions.defaults().withHostname("other-host");
        try (Repository other = Repositories.open(Storages.local(repo), PASSWORD.toCharArray(), elsewhere);
                RepositoryLock lock = other.lock(false)) {
            Map<String, Long> before = listing(repo);
            Cli.Run prune = cli.run("prune");
            assertThat(prune.exitCode()).isEqualTo(11);
            assertThat(prune.stderr()).contains("locked").contains("other-host");
            assertThat(listing(repo)).isEqualTo(before);
        }
    }

    @Test
    void rejectsBadLimits() {
        Cli cli = Cli.forRepo(tmp.resolve("repo"));
        cli.run("init");
        Cli.Run bad = cli.run("prune", "--max-unused", "120%");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("--max-unused");
        assertThat(cli.run("prune", "--max-repack-size", "lots").stderr()).contains("invalid size");
    }
}
