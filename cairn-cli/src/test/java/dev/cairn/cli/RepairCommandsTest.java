package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repair index|snapshots|packs} on really damaged repositories, checked by Cairn and by restic. */
class RepairCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path repo;
    private Path source;
    private Cli cli;

    /** Eight files of 1.5 MiB random data, backed up in 4 MiB packs: several data packs. */
    private void backup(long seed) throws Exception {
        repo = tmp.resolve("repo");
        source = Files.createDirectories(tmp.resolve("src"));
        Random random = new Random(seed);
        for (int i = 0; i < 8; i++) {
            byte[] data = new byte[1536 * 1024];
            random.nextBytes(data);
            Files.write(source.resolve("f" + i), data);
        }
        cli = Cli.forRepo(repo);
        ok(cli.run("init"));
        ok(cli.run("--pack-size", "4", "backup", source.toString()));
    }

    private static Cli.Run ok(Cli.Run run) {
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        return run;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().contains("-tmp-"))
                    .sorted().toList();
        }
    }

    /** A data pack and one of its blobs, through the engine's index. */
    private PackedBlob someDataBlob() throws Exception {
        try (Repository r = Repositories.open(Storages.local(repo), "test password".toCharArray(),
                RepositoryOptions.defaults())) {
            List<PackedBlob> data = new ArrayList<>();
            r.forEachIndexedBlob(b -> {
                if (b.type() == BlobType.DATA) {
                    data.add(b);
                }
            });
            data.sort((a, b) -> a.id().compareTo(b.id()));
            return data.get(0);
        }
    }

    private Path packFile(Id pack) {
        return repo.resolve("data").resolve(pack.hex().substring(0, 2)).resolve(pack.hex());
    }

    @Test
    void repairIndexRebuildsDeletedIndexFilesForCairnAndRestic() throws Exception {
        backup(1);
        for (Path index : files(repo.resolve("index"))) {
            Files.delete(index);
        }
        assertThat(cli.run("check").exitCode()).isEqualTo(1);
        Cli.Run repair = ok(cli.run("repair", "index"));
        assertThat(repair.stdout()).contains("adding pack").contains("removed 0 old index files");
        ok(cli.run("check", "--read-data"));
        Restic.require();
        assertThat(new Restic(repo, "test password").ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void repairIndexWorksOnResticRepositoriesToo() throws Exception {
        Restic.require();
        repo = tmp.resolve("restic-repo");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("data.bin"), new byte[3 << 20]);
        Restic restic = new Restic(repo, "test password");
        restic.ok("init");
        restic.ok("backup", src.toString());
        for (Path index : files(repo.resolve("index"))) {
            Files.delete(index);
        }
        Cli.Run repair = ok(Cli.forRepo(repo).run("repair", "index", "--read-all-packs"));
        assertThat(repair.stdout()).contains("indexed 2 packs");
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void repairSnapshotsCutsMissingDataOutAndKeepsTheOriginal() throws Exception {
        backup(2);
        PackedBlob lost = someDataBlob();
        Files.delete(packFile(lost.pack()));
        assertThat(ok(cli.run("repair", "index")).stdout()).contains("1 removed from the index");

        Cli.Run dry = ok(cli.run("repair", "snapshots", "--dry-run"));
        assertThat(dry.stdout()).contains("removed missing content").contains("would modify 1 snapshots");
        assertThat(JSON.readTree(cli.run("--json", "snapshots").stdout())).hasSize(1);

        Cli.Run repair = ok(cli.run("repair", "snapshots"));
        assertThat(repair.stdout()).contains("modified 1 snapshots");
        JsonNode snapshots = JSON.readTree(cli.run("--json", "snapshots").stdout());
        assertThat(snapshots).hasSize(2);
        JsonNode repaired = null;
        String original = null;
        for (JsonNode s : snapshots) {
            if (s.has("tags") && s.get("tags").toString().contains("repaired")) {
                repaired = s;
            } else {
                original = s.get("id").asText();
            }
        }
        assertThat(repaired).as("a snapshot tagged 'repaired'").isNotNull();

        Path target = tmp.resolve("restored");
        ok(cli.run("restore", repaired.get("id").asText(), "--target", target.toString()));
        int shorter = 0;
        for (int i = 0; i < 8; i++) {
            byte[] want = Files.readAllBytes(source.resolve("f" + i));
            byte[] got = Files.readAllBytes(target.resolve(source.toString().substring(1)).resolve("f" + i));
            if (got.length < want.length) {
                shorter++;
            } else {
                assertThat(got).as("intact file f%d", i).isEqualTo(want);
            }
        }
        assertThat(shorter).as("files that lost data are truncated").isPositive();

        Restic.require();
        Restic restic = new Restic(repo, "test password");
        restic.ok("forget", original);
        ok(cli.run("check", "--read-data"));
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void repairSnapshotsWithForgetReplacesTheOriginalAndNoticesMissingPacksBeforeTheIndexIsRepaired()
            throws Exception {
        backup(3);
        PackedBlob lost = someDataBlob();
        Files.delete(packFile(lost.pack()));
        Cli.Run repair = ok(cli.run("repair", "snapshots", "--forget"));
        assertThat(repair.stdout()).contains("removed original snapshot").contains("modified 1 snapshots");
        JsonNode snapshots = JSON.readTree(cli.run("--json", "snapshots").stdout());
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).has("tags")).as("no 'repaired' tag with --forget").isFalse();
        ok(cli.run("repair", "index"));
        ok(cli.run("check"));
        Restic.require();
        assertThat(new Restic(repo, "test password").ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void repairPacksSalvagesTheIntactBlobsOfADamagedPack() throws Exception {
        backup(4);
        PackedBlob victim = someDataBlob();
        Path pack = packFile(victim.pack());
        Files.setPosixFilePermissions(pack, PosixFilePermissions.fromString("rw-------"));
        byte[] bytes = Files.readAllBytes(pack);
        bytes[(int) victim.offset() + 1000] ^= 0x10;
        Files.write(pack, bytes);
        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stderr()).contains(victim.pack().hex());

        Cli.Run repair = ok(cli.run("repair", "packs", victim.pack().hex().substring(0, 10)));
        assertThat(repair.stdout()).contains("salvaged").contains("removed 1 damaged packs");
        assertThat(repair.stderr()).contains("1 blobs could not be read").contains(victim.id().hex())
                .contains("repair snapshots --forget");
        assertThat(Files.exists(pack)).isFalse();
        ok(cli.run("repair", "snapshots", "--forget"));
        ok(cli.run("check", "--read-data"));
        Restic.require();
        assertThat(new Restic(repo, "test password").ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void anUnreadableSnapshotFileIsNamedAndRemovedOnlyWhenNamedWithForget() throws Exception {
        backup(5);
        Path garbage = repo.resolve("snapshots").resolve(Id.hash("junk".getBytes()).hex());
        Files.write(garbage, "junk".getBytes());
        Cli.Run repair = cli.run("repair", "snapshots");
        assertThat(repair.exitCode()).isEqualTo(1);
        assertThat(repair.stderr()).contains("is unreadable").contains("--forget " + garbage.getFileName()
                .toString().substring(0, 8));
        assertThat(repair.stdout()).contains("no snapshots were modified");
        Cli.Run forget = ok(cli.run("repair", "snapshots", "--forget", garbage.getFileName().toString()
                .substring(0, 10)));
        assertThat(forget.stderr()).contains("removed unreadable snapshot");
        assertThat(Files.exists(garbage)).isFalse();
        assertThat(JSON.readTree(cli.run("--json", "snapshots").stdout())).hasSize(1);
    }
}
