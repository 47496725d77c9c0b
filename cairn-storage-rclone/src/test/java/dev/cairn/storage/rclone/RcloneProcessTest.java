package dev.cairn.storage.rclone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcloneProcessTest {

    @TempDir
    Path root;

    private static StorageSettings settings(Map<String, String> options) {
        return new StorageSettings(Map.of("RCLONE_CONFIG", "/dev/null"), options);
    }

    @Test
    void resticsArgumentsWorkWithStdioReplacedByALoopbackPort() {
        RcloneCommand c = RcloneCommand.of("remote:path", settings(Map.of()));
        assertThat(c.command()).containsExactly("rclone", "serve", "restic", "--b2-hard-delete", "--addr",
                "127.0.0.1:0", "remote:path");
        RcloneCommand custom = RcloneCommand.of("r:p", settings(Map.of("rclone.program", "/opt/rclone",
                "rclone.args", "serve restic --stdio --drive-use-trash=false -v --user-agent 'my agent'")));
        assertThat(custom.command()).containsExactly("/opt/rclone", "serve", "restic", "--drive-use-trash=false",
                "-v", "--user-agent", "my agent", "--addr", "127.0.0.1:0", "r:p");
        assertThatThrownBy(() -> RcloneCommand.of("r:p", settings(Map.of("rclone.args", "mount x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serve restic");
    }

    @Test
    void rcloneRunsWhileTheStorageIsOpenAndStopsOnClose() throws Exception {
        Rclone.require();
        Storage storage = StorageLocations.openRaw(StorageLocation.parse("rclone::local:" + root), settings(Map.of()));
        assertThat(storage.location()).isEqualTo("rclone::local:" + root);
        storage.create();
        storage.save(Handle.of(FileType.PACK, "ab12"), ByteSource.of(new byte[] {7}));
        assertThat(Files.readAllBytes(root.resolve("data/ab/ab12"))).containsExactly(7);
        RcloneProcess process = processOf(storage);
        assertThat(process.alive()).isTrue();
        storage.close();
        assertThat(process.alive()).isFalse();
    }

    @Test
    void aMissingProgramIsAPermanentErrorSayingWhatToInstall() {
        assertThatThrownBy(() -> StorageLocations.openRaw(StorageLocation.parse("rclone:r:p"),
                settings(Map.of("rclone.program", root.resolve("no-such-rclone").toString()))))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("rclone:r:p")
                .hasMessageContaining("apt-get install rclone");
    }

    @Test
    void rcloneFailingToStartIsReportedWithWhatItSaid() {
        Rclone.require();
        assertThatThrownBy(() -> StorageLocations.openRaw(StorageLocation.parse("rclone:nosuchremote:x"),
                settings(Map.of())))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("rclone exited")
                .hasMessageContaining("nosuchremote");
    }

    @Test
    void rcloneDyingMidwayIsNamed() throws Exception {
        Rclone.require();
        try (Storage storage = StorageLocations.openRaw(StorageLocation.parse("rclone::local:" + root),
                settings(Map.of()))) {
            storage.create();
            processOf(storage).close();
            assertThatThrownBy(() -> storage.list(FileType.SNAPSHOT, f -> { }))
                    .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("rclone has exited");
        }
    }

    private static RcloneProcess processOf(Storage storage) {
        return ((RcloneStorage) storage).process();
    }

}
