package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.FaultInjectingStorage.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingStorageTest {
    private static final Handle PACK = Handle.of(FileType.PACK, "ab".repeat(32));
    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));

    private final FaultInjectingStorage faults = new FaultInjectingStorage(Storages.inMemory());
    private final List<Duration> sleeps = new ArrayList<>();
    private final Storage retrying = Storages.retrying(faults, POLICY, sleeps::add, new Random(42));

    private static StorageException transientFault() {
        return new StorageException.Transient("injected: connection reset", null);
    }

    @Test
    void aTransientlyFailingSaveIsReplayedUntilItSucceeds() throws IOException {
        AtomicInteger opens = new AtomicInteger();
        byte[] content = {1, 2, 3, 4};
        ByteSource counting = new ByteSource() {
            @Override
            public long length() {
                return content.length;
            }

            @Override
            public InputStream open() throws IOException {
                opens.incrementAndGet();
                return ByteSource.of(content).open();
            }
        };
        faults.failNext(Operation.SAVE, 3, RetryingStorageTest::transientFault);
        retrying.save(PACK, counting);
        assertThat(faults.calls(Operation.SAVE)).isEqualTo(4);
        assertThat(opens).as("the content is read anew on every attempt").hasValue(4);
        assertThat(sleeps).hasSize(3);
        assertThat(retrying.load(PACK)).isEqualTo(content);
    }

    @Test
    void openIsRetriedAndTheStreamIsFresh() throws IOException {
        faults.save(PACK, ByteSource.of(new byte[] {7, 8, 9}));
        faults.failNext(Operation.OPEN, 2, RetryingStorageTest::transientFault);
        assertThat(retrying.load(PACK, 1, 2)).containsExactly(8, 9);
        assertThat(faults.calls(Operation.OPEN)).isEqualTo(3);
    }

    @Test
    void aRetriedListPassesEveryNameOnce() throws IOException {
        faults.save(PACK, ByteSource.of(new byte[1]));
        faults.save(Handle.of(FileType.PACK, "cd".repeat(32)), ByteSource.of(new byte[2]));
        faults.failNext(Operation.LIST, 2, RetryingStorageTest::transientFault);
        List<FileInfo> listed = new ArrayList<>();
        retrying.list(FileType.PACK, listed::add);
        assertThat(listed).hasSize(2).extracting(FileInfo::name).doesNotHaveDuplicates();
        assertThat(faults.calls(Operation.LIST)).isEqualTo(3);
    }

    @Test
    void permanentNotFoundAndUnclassifiedFaultsAreNotRetried() {
        StorageException permanent = new StorageException.Permanent("injected: access denied", null);
        faults.failNext(Operation.STAT, 1, () -> permanent);
        assertThatThrownBy(() -> retrying.stat(PACK)).isSameAs(permanent);
        assertThatThrownBy(() -> retrying.stat(PACK)).isInstanceOf(StorageException.NotFound.class);
        IOException plain = new IOException("unclassified");
        faults.failNext(Operation.REMOVE, 1, () -> plain);
        assertThatThrownBy(() -> retrying.remove(PACK)).isSameAs(plain);
        assertThat(faults.calls(Operation.STAT)).isEqualTo(2);
        assertThat(faults.calls(Operation.REMOVE)).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void attemptsAreBounded() {
        faults.failWhen(Operation.OPEN, handle -> true, RetryingStorageTest::transientFault);
        assertThatThrownBy(() -> retrying.open(PACK, 0, -1)).isInstanceOf(StorageException.Transient.class)
                .hasMessageContaining("connection reset").hasMessageContaining("gave up after 5 attempts");
        assertThat(faults.calls(Operation.OPEN)).isEqualTo(5);
        assertThat(sleeps).hasSize(4);
    }

    @Test
    void backOffGrowsWithJitterWithinItsCeiling() {
        RetryPolicy policy = RetryPolicy.defaults();
        long seed = new Random().nextLong();
        int runs = 2_000;
        long[][] delays = new long[runs][];
        for (int run = 0; run < runs; run++) {
            List<Duration> recorded = new ArrayList<>();
            FaultInjectingStorage alwaysFailing = new FaultInjectingStorage(Storages.inMemory())
                    .failWhen(Operation.STAT, handle -> true, RetryingStorageTest::transientFault);
            Storage storage = Storages.retrying(alwaysFailing, policy, recorded::add, new Random(seed + run));
            assertThatThrownBy(() -> storage.stat(PACK)).isInstanceOf(StorageException.Transient.class);
            assertThat(recorded).hasSize(policy.maxAttempts() - 1);
            delays[run] = recorded.stream().mapToLong(Duration::toNanos).toArray();
            for (int retry = 1; retry < policy.maxAttempts(); retry++) {
                assertThat(recorded.get(retry - 1)).as("retry %d, seed %d", retry, seed + run)
                        .isBetween(Duration.ZERO, policy.ceiling(retry));
            }
        }
        double previousMean = -1;
        for (int retry = 1; retry < policy.maxAttempts(); retry++) {
            int index = retry - 1;
            long distinct = Arrays.stream(delays).mapToLong(d -> d[index]).distinct().count();
            assertThat(distinct).as("jittered waits before retry %d, seed %d", retry, seed).isGreaterThan(runs / 2);
            // Ceilings grow 200 ms, 400 ms, ... 25.6 s, 30 s; over 2000 runs the means follow them by many sigmas.
            double mean = Arrays.stream(delays).mapToLong(d -> d[index]).average().orElseThrow();
            assertThat(mean).as("mean wait before retry %d, seed %d", retry, seed).isGreaterThan(previousMean);
            previousMean = mean;
        }
    }

    @Test
    void anInterruptedWaitStopsRetrying() {
        Storage storage = Storages.retrying(faults, POLICY, delay -> {
            throw new InterruptedException();
        }, new Random(1));
        faults.failNext(Operation.STAT, 1, RetryingStorageTest::transientFault);
        try {
            assertThatThrownBy(() -> storage.stat(PACK)).isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("interrupted while waiting to retry");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aSaveWhoseReplyWasLostIsAcceptedWhenReplayed() throws IOException {
        byte[] content = {5, 6, 7};
        faults.loseNextReply(Operation.SAVE, 1, RetryingStorageTest::transientFault);
        retrying.save(PACK, ByteSource.of(content));
        assertThat(faults.calls(Operation.SAVE)).as("the replay met the landed file and accepted it").isEqualTo(2);
        assertThat(retrying.load(PACK)).isEqualTo(content);
    }

    @Test
    void aRemoveWhoseReplyWasLostIsReportedAsNotFoundOnReplayWithTheFileGone() throws IOException {
        faults.save(PACK, ByteSource.of(new byte[] {1}));
        faults.loseNextReply(Operation.REMOVE, 1, RetryingStorageTest::transientFault);
        assertThatThrownBy(() -> retrying.remove(PACK)).as("the decorator cannot tell it from a missing file")
                .isInstanceOf(StorageException.NotFound.class);
        assertThat(faults.calls(Operation.REMOVE)).isEqualTo(2);
        assertThatThrownBy(() -> retrying.stat(PACK)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void aDownloadThatBreaksMidwayIsReadAgainWhole() throws IOException {
        byte[] content = new byte[10_000];
        new Random(3).nextBytes(content);
        faults.save(PACK, ByteSource.of(content));
        faults.breakNextReads(4_000, 2, () -> new StorageException.Transient("injected: reset while reading", null));
        assertThat(retrying.load(PACK)).isEqualTo(content);
        faults.breakNextReads(10, 1, () -> new StorageException.Transient("injected: reset while reading", null));
        assertThat(retrying.load(PACK, 100, 500)).isEqualTo(Arrays.copyOfRange(content, 100, 600));
        assertThat(faults.calls(Operation.OPEN)).isEqualTo(5);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void aStreamOpenedByTheCallerIsNotReadAgainBehindItsBack() throws IOException {
        faults.save(PACK, ByteSource.of(new byte[1_000]));
        faults.breakNextReads(100, 1, () -> new StorageException.Transient("injected: reset while reading", null));
        try (InputStream in = retrying.open(PACK, 0, -1)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(StorageException.Transient.class);
        }
        assertThat(faults.calls(Operation.OPEN)).isEqualTo(1);
    }

    @Test
    void aTruncatedRangeIsPermanentAndNotRetried() throws IOException {
        faults.save(PACK, ByteSource.of(new byte[100]));
        assertThatThrownBy(() -> retrying.load(PACK, 50, 100)).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("truncated");
        assertThat(faults.calls(Operation.OPEN)).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void createAndStatAreRetriedToo() throws IOException {
        faults.failNext(Operation.CREATE, 2, RetryingStorageTest::transientFault);
        retrying.create();
        assertThat(faults.calls(Operation.CREATE)).isEqualTo(3);
        faults.save(PACK, ByteSource.of(new byte[4]));
        faults.loseNextReply(Operation.STAT, 1, RetryingStorageTest::transientFault);
        assertThat(retrying.stat(PACK).size()).isEqualTo(4);
    }

    @Test
    void aFaultThatGoesOnLongerThanThePolicyIsReportedWithItsOwnMessage() {
        Storage storage = Storages.retrying(faults, new RetryPolicy(3, Duration.ZERO, Duration.ZERO), sleeps::add,
                new Random(1));
        faults.failWhen(Operation.SAVE, handle -> true, () -> new StorageException.Transient(
                faults.location() + ": save " + PACK + ": connection reset", null));
        assertThatThrownBy(() -> storage.save(PACK, ByteSource.of(new byte[1])))
                .isInstanceOf(StorageException.Transient.class)
                .hasMessageStartingWith(faults.location() + ": save " + PACK + ": connection reset")
                .hasMessageEndingWith("(gave up after 3 attempts)")
                .cause().hasMessageContaining("connection reset");
        assertThatThrownBy(() -> faults.stat(PACK)).as("nothing was left behind")
                .isInstanceOf(StorageException.NotFound.class);
    }
}
