package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The exceptions the JDK really throws on Linux, classified. */
class LocalErrorsTest {
    private static final String FILE = "data/ab/ab12";

    private static StorageException classify(IOException e) {
        return LocalErrors.classify("local:/srv/repo", "save", FILE, e);
    }

    @Test
    void aFullDiskIsPermanentAndSaysWhatToDo() {
        // FileChannel.write reports ENOSPC as a plain IOException carrying strerror's text.
        StorageException e = classify(new IOException("No space left on device"));
        assertThat(e).isInstanceOf(StorageException.Permanent.class)
                .hasMessageStartingWith("local:/srv/repo: save data/ab/ab12: no space left on device")
                .hasMessageContaining("free some space");
        assertThat(classify(new FileSystemException("/srv/repo/x", null, "Disk quota exceeded")))
                .isInstanceOf(StorageException.Permanent.class);
    }

    @Test
    void permissionAndReadOnlyFileSystemArePermanent() {
        assertThat(classify(new AccessDeniedException("/srv/repo/data/ab/ab12")))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("permission denied");
        assertThat(classify(new FileSystemException("/srv/repo/data/ab/ab12", null, "Read-only file system")))
                .isInstanceOf(StorageException.Permanent.class)
                .hasMessage("local:/srv/repo: save data/ab/ab12: read-only file system; mount it read-write to "
                        + "change the repository");
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThat(classify(new NoSuchFileException("/srv/repo/data/ab/ab12")))
                .isInstanceOf(StorageException.NotFound.class)
                .hasMessage("local:/srv/repo: save data/ab/ab12: no such file");
    }

    @Test
    void otherFaultsMayPassAndAreTransient() {
        assertThat(classify(new FileSystemException("/srv/repo/x", null, "Input/output error")))
                .isInstanceOf(StorageException.Transient.class)
                .hasMessage("local:/srv/repo: save data/ab/ab12: Input/output error");
    }

    @Test
    void classifiedExceptionsPassUnchanged() {
        StorageException already = new StorageException.Permanent("x", null);
        assertThat(classify(already)).isSameAs(already);
    }
}
