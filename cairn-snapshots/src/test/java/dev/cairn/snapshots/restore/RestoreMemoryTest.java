package dev.cairn.snapshots.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.testing.TestRepository;
import dev.cairn.storage.Storages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore's memory does not grow with the number of files: a child JVM limited to a 64 MiB heap restores a
 * snapshot of 80 000 small files. The plan used to hold every file at once (about 1.3 KB of heap each, so
 * ~100 MB here) and the child died with an OutOfMemoryError; planned and run in batches it needs a batch. Not
 * timing-based: a slow or fast machine only changes how long it takes.
 */
class RestoreMemoryTest {

    private static final int DIRS = 40;
    private static final int FILES_PER_DIR = 2000;

    @TempDir
    Path temp;

    @Test
    void manyFilesRestoreInSmallHeap() throws Exception {
        Path repoDir = temp.resolve("repo");
        try (Repository repo = TestRepository.create(Storages.local(repoDir), RepositoryOptions.defaults())) {
            TestTrees t = new TestTrees(repo, 4096);
            Node[] dirs = new Node[DIRS];
            for (int d = 0; d < DIRS; d++) {
                Node[] files = new Node[FILES_PER_DIR];
                for (int f = 0; f < FILES_PER_DIR; f++) {
                    files[f] = t.file(Name.of("file-" + f + ".txt"), content(d, f), 0644, TestTrees.T0);
                }
                dirs[d] = t.dir(String.format("dir-%03d", d), files);
            }
            t.snapshot(t.dir("site", dirs));
        }
        Path target = temp.resolve("target");
        Path log = temp.resolve("child.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), RestoreInSmallHeap.class.getName(), repoDir.toString(),
                target.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = child.waitFor();
        String output = Files.readString(log);
        assertThat(exit).as("child JVM exit; output:%n%s", output).isZero();
        assertThat(output).contains("restored " + DIRS * FILES_PER_DIR + " files");
        try (Stream<Path> files = Files.walk(target)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo((long) DIRS * FILES_PER_DIR);
        }
        assertThat(Files.readAllBytes(target.resolve("site/dir-039/file-1999.txt"))).isEqualTo(content(39, 1999));
    }

    private static byte[] content(int dir, int file) {
        return ("content of file " + file + " in directory " + dir + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The child JVM: restores the repository's only snapshot into the target, prints what it restored. */
    static final class RestoreInSmallHeap {
        public static void main(String[] args) throws Exception {
            try (Repository repo = TestRepository.reopen(Storages.local(Path.of(args[0])))) {
                Snapshot snapshot = repo.listSnapshots().getFirst().snapshot();
                RestoreResult r = new Restorer(repo, new Progress("restore"), Warnings.IGNORE)
                        .restore(snapshot, "", Path.of(args[1]), RestoreOptions.defaults());
                System.out.println("restored " + r.filesRestored() + " files, failures " + r.failures());
                System.exit(r.failures().isEmpty() ? 0 : 1);
            }
        }
    }
}
