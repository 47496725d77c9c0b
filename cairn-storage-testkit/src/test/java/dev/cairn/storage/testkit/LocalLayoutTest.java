package dev.cairn.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FaultInjectingStorage;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the local backend promises: restic's on-disk layout and modes, temp files, and its error messages. */
class LocalLayoutTest {
    private static final String PACK = "ab" + "12".repeat(31);
    private static final String ID = "cd" + "34".repeat(31);

    @TempDir
    Path temp;

    @Test
    void createMakesResticsDirectoriesWithMode0700() throws IOException {
        Path root = temp.resolve("repo");
        Storages.local(root).create();
        List<String> expected = new ArrayList<>(List.of("", "keys", "snapshots", "index", "locks", "data"));
        for (int i = 0; i < 256; i++) {
            expected.add("data/" + String.format("%02x", i));
        }
        for (String dir : expected) {
            assertThat(root.resolve(dir)).isDirectory();
            assertThat(mode(root.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(Files::isDirectory).count()).as("nothing else, e.g. no tmp/")
                    .isEqualTo(expected.size());
        }
    }

    @Test
    void filesLandWhereResticPutsThemAndAreReadOnly() throws IOException {
        Path root = temp.resolve("repo");
        Storage storage = Storages.local(root);
        storage.create();
        storage.save(Handle.of(FileType.PACK, PACK), ByteSource.of(new byte[] {1, 2, 3}));
        storage.save(Handle.of(FileType.KEY, ID), ByteSource.of(new byte[] {4}));
        storage.save(Handle.of(FileType.SNAPSHOT, ID), ByteSource.of(new byte[] {5}));
        storage.save(Handle.of(FileType.INDEX, ID), ByteSource.of(new byte[] {6}));
        storage.save(Handle.of(FileType.LOCK, ID), ByteSource.of(new byte[] {7}));
        storage.save(Handle.config(), ByteSource.of(new byte[] {8}));
        for (String file : List.of("data/ab/" + PACK, "keys/" + ID, "snapshots/" + ID, "index/" + ID, "locks/" + ID,
                "config")) {
            assertThat(root.resolve(file)).isRegularFile();
            assertThat(mode(root.resolve(file))).as(file).isEqualTo("r--------");
        }
        assertThat(Files.readAllBytes(root.resolve("data/ab/" + PACK))).containsExactly(1, 2, 3);

        storage.remove(Handle.of(FileType.PACK, PACK));
        assertThat(root.resolve("data/ab/" + PACK)).as("a 0400 file can be removed").doesNotExist();
    }

    @Test
    void tempFilesAreNeverListedAndAFailedSaveLeavesNone() throws IOException {
        Path root = temp.resolve("repo");
        Storage storage = Storages.local(root);
        storage.create();
        Files.write(root.resolve("data/ab/" + PACK + "-tmp-1234"), new byte[10]);
        Files.write(root.resolve("snapshots/" + ID + "-tmp-99"), new byte[10]);
        Files.createDirectory(root.resolve("snapshots/not-a-file"));
        assertThat(names(storage, FileType.PACK)).isEmpty();
        assertThat(names(storage, FileType.SNAPSHOT)).isEmpty();

        assertThatThrownBy(() -> storage.save(Handle.of(FileType.SNAPSHOT, ID + "-tmp-1"), ByteSource.of(new byte[1])))
                .as("temp names are reserved, else the file would never be listed")
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("reserved");

        Files.delete(root.resolve("data/ab/" + PACK + "-tmp-1234"));
        ByteSource failing = TestContent.failingAfter(1 << 20, 1000, 1);
        assertThatThrownBy(() -> storage.save(Handle.of(FileType.PACK, PACK), failing))
                .isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("reading the content to save failed");
        try (Stream<Path> files = Files.list(root.resolve("data/ab"))) {
            assertThat(files).as("the failed save's temp file is deleted").isEmpty();
        }
    }

    @Test
    void aMissingDataSubdirectoryIsMadeOnSave() throws IOException {
        Path root = temp.resolve("repo");
        Storage storage = Storages.local(root);
        storage.create();
        Files.delete(root.resolve("data/ab"));
        storage.save(Handle.of(FileType.PACK, PACK), ByteSource.of(new byte[] {9}));
        assertThat(storage.load(Handle.of(FileType.PACK, PACK))).containsExactly(9);
        assertThat(mode(root.resolve("data/ab"))).isEqualTo("rwx------");
    }

    @Test
    void aFullDiskIsPermanentWithAMessageNamingLocationOperationAndFile() throws IOException {
        Path root = temp.resolve("repo");
        FaultInjectingStorage storage = new FaultInjectingStorage(Storages.local(root)).diskFullAfter(1000);
        storage.create();
        storage.save(Handle.of(FileType.INDEX, ID), ByteSource.of(new byte[600]));
        Handle pack = Handle.of(FileType.PACK, PACK);
        assertThatThrownBy(() -> storage.save(pack, ByteSource.of(new byte[600])))
                .isInstanceOf(StorageException.Permanent.class)
                .hasMessageStartingWith("local:" + root.toAbsolutePath() + ": save data/" + PACK
                        + ": no space left on device");
        assertThat(names(storage, FileType.PACK)).isEmpty();
    }

    @Test
    void everyOperationOnAMissingRepositoryIsNotFound() throws IOException {
        Path root = temp.resolve("missing");
        Storage storage = Storages.local(root);
        Handle handle = Handle.of(FileType.PACK, PACK);
        List<ThrowingOp> ops = List.of(
                () -> storage.save(handle, ByteSource.of(new byte[1])),
                () -> storage.open(handle, 0, -1),
                () -> storage.stat(handle),
                () -> storage.remove(handle),
                () -> storage.list(FileType.SNAPSHOT, info -> { }),
                () -> storage.list(FileType.PACK, info -> { }));
        for (ThrowingOp op : ops) {
            assertThatThrownBy(op::run).isInstanceOf(StorageException.NotFound.class)
                    .hasMessageContaining("repository location " + root.toAbsolutePath() + " does not exist");
        }
        assertThat(root).as("no operation but create makes the directory").doesNotExist();
        storage.create();
        assertThat(root.resolve("data/ff")).isDirectory();
    }

    @FunctionalInterface
    private interface ThrowingOp {
        void run() throws IOException;
    }

    private static List<String> names(Storage storage, FileType type) throws IOException {
        List<String> names = new ArrayList<>();
        storage.list(type, (FileInfo info) -> names.add(info.name()));
        return names;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
