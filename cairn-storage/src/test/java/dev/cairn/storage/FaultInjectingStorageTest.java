package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.FaultInjectingStorage.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectingStorageTest {
    private static final Handle A = Handle.of(FileType.PACK, "aa".repeat(32));
    private static final Handle B = Handle.of(FileType.INDEX, "bb".repeat(32));

    private final Storage memory = Storages.inMemory();
    private final FaultInjectingStorage faults = new FaultInjectingStorage(memory);

    @Test
    void failNextFailsExactlyThatManyCallsThenPassesThrough() throws IOException {
        faults.failNext(Operation.SAVE, 2, () -> new IOException("boom"));
        assertThatThrownBy(() -> faults.save(A, ByteSource.of(new byte[3]))).hasMessage("boom");
        assertThatThrownBy(() -> faults.save(A, ByteSource.of(new byte[3]))).hasMessage("boom");
        assertThat(list(memory)).as("a failed save stores nothing").isEmpty();
        faults.save(A, ByteSource.of(new byte[3]));
        assertThat(memory.stat(A).size()).isEqualTo(3);
        assertThat(faults.calls(Operation.SAVE)).isEqualTo(3);
        assertThat(faults.calls(Operation.OPEN)).isZero();
    }

    @Test
    void failWhenFailsMatchingHandlesUntilCleared() throws IOException {
        faults.save(A, ByteSource.of(new byte[1]));
        faults.save(B, ByteSource.of(new byte[2]));
        faults.failWhen(Operation.OPEN, handle -> handle.type() == FileType.PACK,
                () -> new StorageException.Transient("flaky pack", null));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> faults.load(A)).isInstanceOf(StorageException.Transient.class);
            assertThat(faults.load(B)).hasSize(2);
        }
        faults.clear();
        assertThat(faults.load(A)).hasSize(1);
    }

    @Test
    void aListFaultStrikesAfterTheNamesWerePassedOn() throws IOException {
        faults.save(A, ByteSource.of(new byte[1]));
        faults.failNext(Operation.LIST, 1, () -> new StorageException.Transient("reset", null));
        List<FileInfo> seen = new ArrayList<>();
        assertThatThrownBy(() -> faults.list(FileType.PACK, seen::add)).hasMessage("reset");
        assertThat(seen).hasSize(1);
    }

    @Test
    void aFullDiskRefusesSavesBeyondItsSizeAndNamesTheFile() throws IOException {
        faults.diskFullAfter(1_000);
        faults.save(A, ByteSource.of(new byte[600]));
        assertThatThrownBy(() -> faults.save(B, ByteSource.of(new byte[401])))
                .isInstanceOf(StorageException.Permanent.class)
                .hasMessageStartingWith(memory.location() + ": save " + B + ": no space left on device");
        faults.save(B, ByteSource.of(new byte[400]));
        assertThat(list(memory)).hasSize(1);
        assertThat(memory.stat(B).size()).isEqualTo(400);
    }

    @Test
    void rulesBelongToTheirInstance() throws IOException {
        FaultInjectingStorage other = new FaultInjectingStorage(memory);
        faults.failNext(Operation.CREATE, 1, () -> new IOException("only here"));
        other.create();
        assertThatThrownBy(faults::create).hasMessage("only here");
        assertThat(other.calls(Operation.CREATE)).isEqualTo(1);
    }

    @Test
    void aLostReplyFailsAfterTheCallTookEffect() throws IOException {
        faults.loseNextReply(Operation.SAVE, 1, () -> new IOException("reply lost"));
        assertThatThrownBy(() -> faults.save(A, ByteSource.of(new byte[3]))).hasMessage("reply lost");
        assertThat(memory.stat(A).size()).as("the save happened").isEqualTo(3);
        faults.loseNextReply(Operation.REMOVE, 1, () -> new IOException("reply lost"));
        assertThatThrownBy(() -> faults.remove(A)).hasMessage("reply lost");
        assertThatThrownBy(() -> memory.stat(A)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void aBrokenReadPassesItsBytesThenFails() throws IOException {
        byte[] content = new byte[1_000];
        new java.util.Random(1).nextBytes(content);
        faults.save(A, ByteSource.of(content));
        faults.breakNextReads(300, 1, () -> new IOException("reset"));
        try (java.io.InputStream in = faults.open(A, 0, -1)) {
            assertThat(in.readNBytes(300)).isEqualTo(java.util.Arrays.copyOf(content, 300));
            assertThatThrownBy(in::read).hasMessage("reset");
        }
        assertThat(faults.load(A)).as("only the next open was broken").isEqualTo(content);
    }

    private static List<FileInfo> list(Storage storage) throws IOException {
        List<FileInfo> files = new ArrayList<>();
        storage.list(FileType.PACK, files::add);
        return files;
    }
}
