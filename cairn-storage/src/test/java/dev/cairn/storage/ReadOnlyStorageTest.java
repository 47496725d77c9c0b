package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReadOnlyStorageTest {
    private static final Handle SNAPSHOT = Handle.of(FileType.SNAPSHOT, "ab".repeat(32));

    @Test
    void readsPassAndChangesAreRefused() throws IOException {
        Storage memory = Storages.inMemory();
        memory.save(SNAPSHOT, ByteSource.of(new byte[] {1, 2}));
        Storage readOnly = Storages.readOnly(memory);

        assertThat(readOnly.load(SNAPSHOT)).containsExactly(1, 2);
        assertThat(readOnly.stat(SNAPSHOT).size()).isEqualTo(2);
        assertThatThrownBy(() -> readOnly.save(Handle.config(), ByteSource.of(new byte[1])))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> readOnly.remove(SNAPSHOT)).isInstanceOf(StorageException.Permanent.class);
        assertThatThrownBy(readOnly::create).isInstanceOf(StorageException.Permanent.class);
        assertThat(memory.load(SNAPSHOT)).containsExactly(1, 2);
        assertThatThrownBy(() -> memory.stat(Handle.config())).isInstanceOf(StorageException.NotFound.class);
    }
}
