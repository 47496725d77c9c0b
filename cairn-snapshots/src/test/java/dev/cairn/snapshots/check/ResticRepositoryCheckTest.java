package dev.cairn.snapshots.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.browse.TreeWalker;
import dev.cairn.snapshots.testing.ResticRepoFixture;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker on repositories the real restic wrote, healthy and damaged in the ways disks and people damage. */
class ResticRepositoryCheckTest {

    @TempDir
    static Path work;
    static ResticRepoFixture fixture;

    @TempDir
    Path copyDir;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = ResticRepoFixture.create(work, 77L);
    }

    private static CheckResult check(Path repoDir, CheckOptions options) throws IOException {
        try (Repository repo = ResticRepoFixture.open(repoDir)) {
            return new Checker(repo).check(options, new Progress("check"));
        }
    }

    private String photoPath() {
        return fixture.source.resolve("media/photos/a.jpg").toString();
    }

    /** The pack holding the first blob of a.jpg and that blob. */
    private static PackedBlob photoBlob(Path repoDir, String path) throws IOException {
        try (Repository repo = ResticRepoFixture.open(repoDir)) {
            Id tree = repo.loadSnapshot(Id.parse(fixture.snapshot1)).tree();
            Id blob = new TreeWalker(repo).find(tree, path).content().get(0);
            return repo.lookup(BlobType.DATA, blob);
        }
    }

    private static Path packFile(Path repoDir, Id pack) {
        return repoDir.resolve("data").resolve(pack.hex().substring(0, 2)).resolve(pack.hex());
    }

    @Test
    void aHealthyResticRepositoryPasses() throws Exception {
        CheckResult structure = check(fixture.repoDir, CheckOptions.structure());
        assertThat(structure.errors()).isEmpty();
        CheckResult read = check(fixture.repoDir, CheckOptions.readAll());
        assertThat(read.errors()).isEmpty();
        assertThat(read.damagedPacks()).isEmpty();
        assertThat(read.affectedPaths()).isEmpty();
    }

    @Test
    void aFlippedBytePointsAtTheDamagedFiles() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        PackedBlob blob = photoBlob(repo, photoPath());
        Path file = packFile(repo, blob.pack());
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) blob.offset() + 40] ^= 0x10;
        Files.write(file, bytes);

        assertThat(new Restic(repo, ResticRepoFixture.PASSWORD).run("check", "--read-data").exitCode())
                .as("restic agrees the repository is damaged").isNotZero();
        assertThat(check(repo, CheckOptions.structure()).ok()).isTrue();
        CheckResult r = check(repo, CheckOptions.readAll());
        assertThat(r.damagedPacks()).containsExactly(blob.pack());
        assertThat(r.errors()).anyMatch(e -> e.contains("data/" + blob.pack().hex().substring(0, 2) + "/"
                + blob.pack().hex()) && e.contains("content does not match its name"));
        assertThat(r.errors()).anyMatch(e -> e.contains(blob.id().hex()));
        String link = fixture.source.resolve("media/photos/a-link.jpg").toString();
        // sorted paths: the hard link "a-link.jpg" sorts before "a.jpg"; b.jpg shares the pack but not the blob
        assertThat(r.affectedPaths().get(Id.parse(fixture.snapshot1))).containsExactly(link, photoPath());
        assertThat(r.affectedPaths().get(Id.parse(fixture.snapshot2))).containsExactly(link, photoPath());
    }

    @Test
    void aDeletedPackIsMissingWithItsFiles() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        PackedBlob blob = photoBlob(repo, photoPath());
        Files.delete(packFile(repo, blob.pack()));
        CheckResult r = check(repo, CheckOptions.structure());
        assertThat(r.errors()).anyMatch(e -> e.contains(blob.pack().hex()) && e.contains("does not exist"));
        assertThat(r.damagedPacks()).containsExactly(blob.pack());
        assertThat(r.affectedPaths().get(Id.parse(fixture.snapshot1))).contains(photoPath());
    }

    @Test
    void aTruncatedPackHasTheWrongSize() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        PackedBlob blob = photoBlob(repo, photoPath());
        Path file = packFile(repo, blob.pack());
        byte[] bytes = Files.readAllBytes(file);
        int cut = bytes.length / 2;
        Files.write(file, Arrays.copyOf(bytes, cut));
        CheckResult r = check(repo, CheckOptions.structure());
        assertThat(r.errors()).anyMatch(e -> e.contains(blob.pack().hex())
                && e.contains("unexpected file size: got " + cut + ", expected " + bytes.length));
        // without reading, every file with a blob in the pack is suspect
        assertThat(r.affectedPaths().get(Id.parse(fixture.snapshot1))).contains(photoPath());

        // reading it narrows the damage down to the blobs beyond the cut (and the lost header)
        CheckResult read = check(repo, CheckOptions.readAll());
        assertThat(read.errors()).anyMatch(e -> e.contains("lies beyond the end of the file"));
        assertThat(read.affectedPaths()).isNotEmpty();
        List<String> affected = read.affectedPaths().get(Id.parse(fixture.snapshot1));
        if (blob.offset() + blob.length() <= cut) {
            assertThat(affected).doesNotContain(photoPath());
        } else {
            assertThat(affected).contains(photoPath());
        }
    }

    @Test
    void aForeignPackNamedFileIsOnlyAHint() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        byte[] junk = "junk that looks like a pack by its name".getBytes();
        Id id = Id.hash(junk);
        Files.write(packFile(repo, id), junk);
        assertThat(new Restic(repo, ResticRepoFixture.PASSWORD).run("check").exitCode()).as("restic: not an error")
                .isZero();
        CheckResult r = check(repo, CheckOptions.readAll());
        assertThat(r.errors()).isEmpty();
        assertThat(r.hints()).anyMatch(h -> h.contains(id.hex()) && h.contains("not referenced in any index"));
    }

    @Test
    void aCorruptSnapshotFileIsNamed() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        Path file = repo.resolve("snapshots").resolve(fixture.snapshot1);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 1;
        Files.write(file, bytes);
        CheckResult r = check(repo, CheckOptions.structure());
        assertThat(r.errors()).singleElement().asString().startsWith("snapshots/" + fixture.snapshot1);
    }

    @Test
    void aCorruptIndexFileIsAClearError() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        Path index;
        try (Stream<Path> files = Files.list(repo.resolve("index"))) {
            index = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 1;
        Files.write(index, bytes);
        // the index is loaded when the repository opens: that is where the damage surfaces, naming the file
        assertThatThrownBy(() -> check(repo, CheckOptions.structure())).isInstanceOf(IOException.class)
                .hasMessageContaining(index.getFileName().toString());
    }

    @Test
    void subsetReadsOnlySomePacks() throws Exception {
        Path repo = fixture.copy(copyDir.resolve("repo"));
        PackedBlob blob = photoBlob(repo, photoPath());
        Path file = packFile(repo, blob.pack());
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) blob.offset() + 40] ^= 0x10;
        Files.write(file, bytes);
        int group = blob.pack().byteAt(0) % 2 + 1;
        assertThat(check(repo, CheckOptions.subset(ReadDataSubset.parse(group + "/2"))).damagedPacks())
                .containsExactly(blob.pack());
        assertThat(check(repo, CheckOptions.subset(ReadDataSubset.parse((3 - group) + "/2"))).ok()).isTrue();
    }
}
