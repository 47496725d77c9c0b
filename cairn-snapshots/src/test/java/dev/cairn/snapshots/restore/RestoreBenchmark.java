package dev.cairn.snapshots.restore;

import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wall time of restic 0.14's restore against Cairn's on the same restic-written repository. Prints, asserts
 * nothing about time. Run with {@code -Dcairn.bench=true -Dtest=RestoreBenchmark}.
 */
@EnabledIfSystemProperty(named = "cairn.bench", matches = "true")
class RestoreBenchmark {

    static final String PASSWORD = "cairn-restore-test";

    @TempDir
    Path tmp;

    @Test
    void compareWithRestic() throws Exception {
        Restic.require();
        Path src = tmp.resolve("src");
        Random rnd = new Random(1);
        for (int i = 0; i < 6; i++) {
            byte[] big = new byte[40 << 20];
            rnd.nextBytes(big);
            Files.write(Files.createDirectories(src.resolve("big")).resolve("b" + i), big);
        }
        for (int i = 0; i < 4000; i++) {
            byte[] small = new byte[rnd.nextInt(30_000)];
            rnd.nextBytes(small);
            Files.write(Files.createDirectories(src.resolve("small/d" + (i % 40))).resolve("f" + i), small);
        }
        Path repoDir = tmp.resolve("repo");
        Restic restic = new Restic(repoDir, PASSWORD);
        restic.ok("init");
        restic.ok("backup", src.toString());
        for (int round = 0; round < 2; round++) {
            exec("sync");
            long t0 = System.nanoTime();
            restic.ok("restore", "latest", "--target", tmp.resolve("restic-" + round).toString());
            long resticNs = System.nanoTime() - t0;
            exec("sync");
            t0 = System.nanoTime();
            try (Repository repo = Repositories.open(Storages.local(repoDir),
                    PASSWORD.toCharArray(), RepositoryOptions.defaults())) {
                System.out.printf("open %.2f s%n", (System.nanoTime() - t0) / 1e9);
                var snaps = repo.listSnapshots();
                long t1 = System.nanoTime();
                decodeEverything(repo);
                System.out.printf("decode only (engine: read, MAC, decrypt, hash) %.2f s%n",
                        (System.nanoTime() - t1) / 1e9);
                t0 = System.nanoTime();
                new Restorer(repo, new Progress("restore"), Warnings.IGNORE).restore(
                        snaps.get(snaps.size() - 1).snapshot(), "", tmp.resolve("cairn-" + round),
                        RestoreOptions.defaults());
            }
            long cairnNs = System.nanoTime() - t0;
            System.out.printf("round %d: restic %.2f s, cairn %.2f s, ratio %.2f%n", round, resticNs / 1e9,
                    cairnNs / 1e9, (double) cairnNs / resticNs);
        }
    }

    /** Loads every pack without writing anything: the repository engine's share of a restore. */
    private static void decodeEverything(Repository repo) throws Exception {
        Map<Id, List<PackedBlob>> packs = new HashMap<>();
        repo.forEachIndexedBlob(b -> packs.computeIfAbsent(b.pack(), k -> new ArrayList<>()).add(b));
        Repository.BlobReceiver ignore = new Repository.BlobReceiver() {
            @Override
            public void blob(PackedBlob blob, byte[] plaintext) {
            }

            @Override
            public void failed(PackedBlob blob, IOException cause) {
            }
        };
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(repo.storage().connections() * 2);
            for (Map.Entry<Id, List<PackedBlob>> e : packs.entrySet()) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        repo.loadBlobs(e.getKey(), e.getValue(), ignore);
                    } finally {
                        slots.release();
                    }
                    return null;
                });
            }
        }
    }

    private static void exec(String... cmd) throws Exception {
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}
