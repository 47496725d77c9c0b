package dev.cairn.storage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real restic binary and the local backend agree on the layout, in both directions. */
class ResticCompatibilityTest {

    @TempDir
    Path temp;

    @BeforeEach
    void needsRestic() {
        Restic.require();
    }

    @Test
    void localStorageReadsARepositoryResticInitialised() throws Exception {
        Path repo = temp.resolve("repo");
        restic(repo, "init");
        try (Storage storage = Storages.local(repo)) {
            assertThat(list(storage, FileType.KEY)).hasSize(1);
            FileInfo key = list(storage, FileType.KEY).get(0);
            assertThat(storage.load(Handle.of(FileType.KEY, key.name()))).hasSize((int) key.size());
            assertThat(storage.stat(Handle.config()).size()).isPositive();
            assertThat(list(storage, FileType.CONFIG)).extracting(FileInfo::name).containsExactly("config");
            assertThat(list(storage, FileType.PACK)).isEmpty();
        }
    }

    @Test
    void resticUsesALayoutAndFilesLocalStorageWrote() throws Exception {
        Path repo = temp.resolve("repo");
        Path site = Files.createDirectories(temp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hello</h1>");
        try (Storage storage = Storages.local(repo)) {
            storage.create();
            restic(repo, "init");
            // Rewrite every file restic made through Cairn's save path: restic must still open and check it all.
            for (FileType type : List.of(FileType.KEY, FileType.CONFIG)) {
                for (FileInfo info : list(storage, type)) {
                    Handle handle = Handle.of(type, info.name());
                    byte[] content = storage.load(handle);
                    storage.remove(handle);
                    storage.save(handle, ByteSource.of(content));
                }
            }
            restic(repo, "backup", site.toString());
            assertThat(list(storage, FileType.SNAPSHOT)).hasSize(1);
            assertThat(list(storage, FileType.PACK)).isNotEmpty().allSatisfy(pack -> assertThat(
                    repo.resolve("data/" + pack.name().substring(0, 2) + "/" + pack.name())).isRegularFile());
            assertThat(restic(repo, "check")).contains("no errors were found");
        }
    }

    private static List<FileInfo> list(Storage storage, FileType type) throws IOException {
        List<FileInfo> files = new ArrayList<>();
        storage.list(type, files::add);
        return files;
    }

    private static String restic(Path repo, String... args) throws IOException, InterruptedException {
        return new Restic(repo, "conformance").ok(args);
    }
}
