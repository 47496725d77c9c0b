package dev.cairn.snapshots.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.testing.Fixture;
import dev.cairn.snapshots.testing.TestRepository;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on a real repository in memory, damaged in its stored bytes. */
class CheckerTest {

    private final Repository repo = TestRepository.create();
    private final Fixture fx = new Fixture(repo);
    private final Id snap1;
    private final Id snap2;
    private final Node photo;

    CheckerTest() throws Exception {
        photo = fx.file("photo.jpg", "jpeg-1", "jpeg-2");
        snap1 = fx.snapshot(Instant.ofEpochSecond(1000),
                fx.tree(fx.dir("media", photo, fx.file("a.txt", "a")), fx.symlink("link", "media")));
        // the second backup adds a file in its own pack and keeps the first pack's blobs
        snap2 = fx.snapshot(Instant.ofEpochSecond(2000), fx.tree(fx.dir("media", photo, fx.file("a.txt", "a"),
                fx.file("new.txt", "new content")), fx.symlink("link", "media")));
    }

    private CheckResult check(CheckOptions options) throws Exception {
        return new Checker(repo).check(options, new Progress("check"));
    }

    private Id photoPack() {
        return TestRepository.packOf(repo, BlobType.DATA, photo.content().get(0));
    }

    private Handle handle(Id pack) {
        return Handle.of(FileType.PACK, pack.hex());
    }

    @Test
    void aHealthyRepositoryPasses() throws Exception {
        for (CheckOptions o : List.of(CheckOptions.structure(), CheckOptions.readAll(),
                CheckOptions.subset(ReadDataSubset.parse("1/2")))) {
            CheckResult r = check(o);
            assertThat(r.errors()).as(o.toString()).isEmpty();
            assertThat(r.ok()).isTrue();
            assertThat(r.damagedPacks()).isEmpty();
            assertThat(r.affectedPaths()).isEmpty();
        }
    }

    @Test
    void aFlippedByteIsFoundByReadDataWithTheFilesItHits() throws Exception {
        Id pack = photoPack();
        byte[] bytes = repo.storage().load(handle(pack));
        bytes[20] ^= 1; // inside the first blob, photo's first chunk (after its 16-byte IV)
        TestRepository.overwrite(repo.storage(), handle(pack), bytes);

        assertThat(check(CheckOptions.structure()).ok()).as("structure alone does not read packs").isTrue();

        CheckResult r = check(CheckOptions.readAll());
        assertThat(r.ok()).isFalse();
        assertThat(r.damagedPacks()).containsExactly(pack);
        String name = "data/" + pack.hex().substring(0, 2) + "/" + pack.hex();
        assertThat(r.errors()).anyMatch(e -> e.startsWith("pack " + name + ": content does not match its name"));
        assertThat(r.errors()).anyMatch(e -> e.contains(photo.content().get(0).hex()));
        // only the file using the bad blob, in both snapshots; a.txt shares the pack but its blob is intact
        assertThat(r.affectedPaths()).containsExactlyInAnyOrderEntriesOf(Map.of(
                snap1, List.of("/media/photo.jpg"), snap2, List.of("/media/photo.jpg")));
    }

    @Test
    void aMissingPackIsAnErrorAndNamesAffectedFiles() throws Exception {
        Id pack = photoPack();
        repo.storage().remove(handle(pack));
        CheckResult r = check(CheckOptions.structure());
        assertThat(r.errors()).anyMatch(e -> e.contains(pack.hex()) && e.contains("does not exist"));
        assertThat(r.damagedPacks()).containsExactly(pack);
        assertThat(r.affectedPaths().get(snap1)).containsExactly("/media/a.txt", "/media/photo.jpg");
        assertThat(r.affectedPaths().get(snap2)).containsExactly("/media/a.txt", "/media/photo.jpg");
        // read-data does not report the same missing pack again
        assertThat(check(CheckOptions.readAll()).errors()).hasSize(r.errors().size());
    }

    @Test
    void aTruncatedPackIsASizeMismatch() throws Exception {
        Id pack = photoPack();
        byte[] bytes = repo.storage().load(handle(pack));
        TestRepository.overwrite(repo.storage(), handle(pack), Arrays.copyOf(bytes, bytes.length - 10));
        CheckResult r = check(CheckOptions.structure());
        assertThat(r.errors()).anyMatch(e -> e.contains(pack.hex()) && e.contains("unexpected file size: got "
                + (bytes.length - 10) + ", expected " + bytes.length));
        assertThat(r.affectedPaths()).containsKeys(snap1, snap2);

        CheckResult read = check(CheckOptions.readAll());
        assertThat(read.errors()).anyMatch(e -> e.contains("cannot read the pack header"));
    }

    @Test
    void aTreePackLossMarksWholeDirectories() throws Exception {
        Id treePack = TestRepository.packOf(repo, BlobType.TREE, repo.loadSnapshot(snap1).tree());
        repo.storage().remove(handle(treePack));
        CheckResult r = check(CheckOptions.structure());
        assertThat(r.ok()).isFalse();
        assertThat(r.affectedPaths().get(snap1)).containsExactly("/");
    }

    @Test
    void anUnindexedPackIsOnlyAHint() throws Exception {
        byte[] junk = "not a pack".getBytes();
        repo.storage().save(Handle.of(FileType.PACK, Id.hash(junk).hex()), ByteSource.of(junk));
        repo.storage().save(Handle.of(FileType.PACK, "not-an-id.tmp"), ByteSource.of(junk));
        CheckResult r = check(CheckOptions.readAll());
        assertThat(r.ok()).isTrue();
        assertThat(r.hints()).anyMatch(h -> h.contains(Id.hash(junk).hex()) && h.contains("not referenced"));
        assertThat(r.hints()).anyMatch(h -> h.startsWith("1 additional files were found"));
    }

    @Test
    void aCorruptSnapshotFileIsNamed() throws Exception {
        Handle h = Handle.of(FileType.SNAPSHOT, snap1.hex());
        byte[] bytes = repo.storage().load(h);
        bytes[0] ^= 0x55;
        TestRepository.overwrite(repo.storage(), h, bytes);
        CheckResult r = check(CheckOptions.structure());
        assertThat(r.errors()).singleElement().asString().startsWith("snapshots/" + snap1.hex() + ": cannot load");
    }

    @Test
    void treeProblemsAreReportedPerNode() throws Exception {
        Node noContent = Node.builder(dev.cairn.repository.Name.of("broken"), dev.cairn.repository.NodeType.FILE)
                .build();
        Node noSubtree = Node.builder(dev.cairn.repository.Name.of("hollow"), dev.cairn.repository.NodeType.DIR)
                .build();
        Id unknownBlob = Id.hash("never stored".getBytes());
        Node dangling = fx.file("dangling").toBuilder().content(List.of(unknownBlob)).build();
        Id snap = fx.snapshot(Instant.ofEpochSecond(3000), fx.tree(noContent, noSubtree, dangling));
        CheckResult r = check(CheckOptions.structure());
        assertThat(r.errors()).hasSize(3);
        assertThat(r.errors()).anyMatch(e -> e.contains("file \"broken\" has nil blob list"));
        assertThat(r.errors()).anyMatch(e -> e.contains("dir node \"hollow\" has no subtree"));
        assertThat(r.errors()).anyMatch(e -> e.contains("file \"dangling\" blob " + unknownBlob.hex()
                + " not found in index"));
        assertThat(r.affectedPaths()).containsOnlyKeys(snap);
        assertThat(r.affectedPaths().get(snap)).containsExactly("/dangling");
    }

    @Test
    void indexProblemsAreHintsWithAdvice() throws Exception {
        // a second index file naming every pack again, as an interrupted index rewrite leaves behind
        try (Repository other = TestRepository.reopen(repo.storage())) {
            other.rewriteIndex(java.util.Set.of());
        }
        try (Repository reopened = TestRepository.reopen(repo.storage())) {
            assertThat(reopened.indexProblems()).isNotEmpty();
            CheckResult r = new Checker(reopened).check(CheckOptions.structure(), new Progress("check"));
            assertThat(r.ok()).isTrue();
            assertThat(r.hints()).anyMatch(h -> h.contains("is listed in index files"));
            assertThat(r.hints()).anyMatch(h -> h.contains("rebuild-index"));
        }
    }

    @Test
    void subsetsReadOnlyTheChosenPacks() throws Exception {
        Id pack = photoPack();
        byte[] bytes = repo.storage().load(handle(pack));
        bytes[20] ^= 1;
        TestRepository.overwrite(repo.storage(), handle(pack), bytes);
        int group = pack.byteAt(0) % 2 + 1;
        CheckResult hit = check(new CheckOptions(false, new ReadDataSubset.Group(group, 2), new Random(1)));
        CheckResult miss = check(new CheckOptions(false, new ReadDataSubset.Group(3 - group, 2), new Random(1)));
        assertThat(hit.damagedPacks()).containsExactly(pack);
        assertThat(miss.ok()).isTrue();
    }

    @Test
    void progressCountsPacksAndBytes() throws Exception {
        Progress p = new Progress("check");
        new Checker(repo).check(CheckOptions.readAll(), p);
        long packs = repo.indexedPackSizes().size();
        long bytes = repo.indexedPackSizes().values().stream().mapToLong(Long::longValue).sum();
        assertThat(p.view().bytesDone()).isEqualTo(bytes);
        assertThat(p.view().bytesTotal()).isEqualTo(bytes);
        assertThat(p.view().filesTotal()).isEqualTo(packs);
        assertThat(p.view().filesDone()).isEqualTo(packs);
    }
}
