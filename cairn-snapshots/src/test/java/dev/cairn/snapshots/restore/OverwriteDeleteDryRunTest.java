package dev.cairn.snapshots.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.restore.PlannedAction.Kind;
import dev.cairn.snapshots.restore.RestoreOptions.Overwrite;
import dev.cairn.snapshots.testing.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverwriteDeleteDryRunTest {

    @TempDir
    Path tmp;

    final Repository repo = TestRepository.create();
    final TestTrees t = new TestTrees(repo, 1024);
    final Restorer restorer = new Restorer(repo, new Progress("restore"), Warnings.IGNORE);
    Snapshot snap;
    Path target;

    @BeforeEach
    void restoreOnce() throws IOException {
        snap = t.snapshot(t.file("same", "same".getBytes()), t.file("edited", "original".getBytes()),
                t.dir("d", t.file("keep.log", "log".getBytes()), t.file("f", "f".getBytes())));
        target = tmp.resolve("target");
        assertThat(restorer.restore(snap, "", target, RestoreOptions.defaults()).complete()).isTrue();
    }

    void edit(String name, String content, Instant mtime) throws IOException {
        Files.writeString(target.resolve(name), content);
        Files.setLastModifiedTime(target.resolve(name), FileTime.from(mtime));
    }

    @Test
    void ifChangedSkipsUnchangedFilesAndComparesContentWhenTheMtimeDiffers() throws IOException {
        edit("edited", "ORIGINAL", Instant.parse("2030-01-01T00:00:00Z")); // same size, other content
        Files.setLastModifiedTime(target.resolve("same"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        RestoreResult r = restorer.restore(snap, "", target, RestoreOptions.defaults());
        assertThat(target.resolve("edited")).hasContent("original");
        assertThat(r.filesRestored()).isEqualTo(1);
        assertThat(r.filesSkipped()).isEqualTo(3);
        // "same" had its content verified, so only its metadata was restored
        assertThat(Files.getLastModifiedTime(target.resolve("same"))).isEqualTo(FileTime.from(TestTrees.T0));
    }

    @Test
    void neverAndIfNewerKeepLocalChanges() throws IOException {
        edit("edited", "mine", Instant.parse("2030-01-01T00:00:00Z"));
        restorer.restore(snap, "", target, RestoreOptions.defaults().withOverwrite(Overwrite.NEVER));
        assertThat(target.resolve("edited")).hasContent("mine");
        restorer.restore(snap, "", target, RestoreOptions.defaults().withOverwrite(Overwrite.IF_NEWER));
        assertThat(target.resolve("edited")).hasContent("mine");

        edit("edited", "mine", Instant.parse("2000-01-01T00:00:00Z")); // now older than the snapshot
        restorer.restore(snap, "", target, RestoreOptions.defaults().withOverwrite(Overwrite.IF_NEWER));
        assertThat(target.resolve("edited")).hasContent("original");
    }

    @Test
    void alwaysRewritesEverything() throws IOException {
        Path outsideLink = tmp.resolve("outside-link");
        Files.createLink(outsideLink, target.resolve("same"));
        Files.writeString(outsideLink, "SAME"); // the target's file changes too: same inode
        RestoreResult r = restorer.restore(snap, "", target, RestoreOptions.defaults().withOverwrite(Overwrite.ALWAYS));
        assertThat(r.filesRestored()).isEqualTo(4);
        assertThat(target.resolve("same")).hasContent("same");
        assertThat(outsideLink).hasContent("SAME"); // replaced, not written through the shared inode
    }

    @Test
    void deleteRemovesWhatTheSnapshotLacksButKeepsFilteredEntries() throws IOException {
        Files.writeString(target.resolve("extra"), "x");
        Files.createDirectories(target.resolve("d/extra-dir/sub"));
        Files.writeString(target.resolve("d/extra-dir/sub/f"), "x");
        Files.writeString(target.resolve("d/other.log"), "x");
        Files.createSymbolicLink(target.resolve("d/link-out"), tmp);

        RestoreResult r = restorer.restore(snap, "", target,
                RestoreOptions.defaults().withDelete(true).withExcludes(List.of("*.log")));

        assertThat(r.filesDeleted()).isEqualTo(3);
        assertThat(target.resolve("extra")).doesNotExist();
        assertThat(target.resolve("d/extra-dir")).doesNotExist();
        assertThat(Files.exists(target.resolve("d/link-out"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(tmp).isDirectory(); // the link was removed, not what it pointed to
        assertThat(target.resolve("d/other.log")).exists(); // excluded: neither restored nor deleted
        assertThat(target.resolve("d/keep.log")).exists();
    }

    @Test
    void dryRunPlansAndTouchesNothing() throws IOException {
        edit("edited", "mine!!!!", Instant.parse("2030-01-01T00:00:00Z"));
        Files.writeString(target.resolve("extra"), "x");
        Files.delete(target.resolve("d/f"));
        Map<String, String> before = state(tmp);

        RestoreResult r = restorer.restore(snap, "", target,
                RestoreOptions.defaults().withDryRun(true).withDelete(true));
        RestoreResult fresh = restorer.restore(snap, "", tmp.resolve("new"), RestoreOptions.defaults().withDryRun(true));

        assertThat(state(tmp)).isEqualTo(before);
        assertThat(r.plan()).containsExactlyInAnyOrder(
                new PlannedAction(Kind.OVERWRITE, target.resolve("edited")),
                new PlannedAction(Kind.CREATE, target.resolve("d/f")),
                new PlannedAction(Kind.DELETE, target.resolve("extra")));
        assertThat(fresh.plan()).hasSize(5).allMatch(a -> a.kind() == Kind.CREATE);
        assertThat(tmp.resolve("new")).doesNotExist();
    }

    /** Every path under {@code root} with its content (files) or kind and mtime. */
    static Map<String, String> state(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String v = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) + " "
                        + (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p) : "dir");
                out.put(root.relativize(p).toString(), v);
            }
        }
        return out;
    }
}
