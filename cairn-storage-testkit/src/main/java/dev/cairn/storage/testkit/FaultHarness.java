package dev.cairn.storage.testkit;

import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.RetryPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every backend's fault test needs around a {@link FaultyProxy}: a reproducible seed (system property
 * {@code cairn.test.seed}, else the clock; print it in assertion messages), random content and pack names from it,
 * the retry decorator with short real waits that are recorded (so a test can say how many retries happened), and
 * the storages it opened, closed by {@link #close()}.
 */
public final class FaultHarness implements AutoCloseable {

    private final long seed;
    private final Random random;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<Storage> opened = new ArrayList<>();

    public FaultHarness() {
        this(Long.getLong("cairn.test.seed", System.nanoTime()));
    }

    public FaultHarness(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public long seed() {
        return seed;
    }

    /** The waits the retry decorators made, in order (each decorator's attempt after the first adds one). */
    public List<Duration> sleeps() {
        return sleeps;
    }

    /** Closes {@code storage} with the harness. */
    public <S extends Storage> S track(S storage) {
        synchronized (opened) {
            opened.add(storage);
        }
        return storage;
    }

    /** {@code raw} behind the retry decorator, with jittered waits of 10 to 50 ms; closing it closes {@code raw}. */
    public Storage retrying(Storage raw, int attempts) {
        return track(Storages.retrying(raw, new RetryPolicy(attempts, Duration.ofMillis(10),
                Duration.ofMillis(50)), this::sleep, new Random(seed)));
    }

    /**
     * {@code raw} behind the retry decorator, waiting 200 ms per retry whatever the jitter drew: {@code attempts - 1}
     * retries outlast a refusal shorter than {@code (attempts - 1) × 200 ms}, every time.
     */
    public Storage retryingSteadily(Storage raw, int attempts) {
        return track(Storages.retrying(raw, new RetryPolicy(attempts, Duration.ofMillis(100),
                Duration.ofMillis(800)), delay -> {
                    sleeps.add(delay);
                    Thread.sleep(200);
                }, new Random(seed)));
    }

    private void sleep(Duration delay) throws InterruptedException {
        sleeps.add(delay);
        Thread.sleep(delay);
    }

    /** {@code n} random bytes from the seed. */
    public synchronized byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A pack handle with a random name from the seed. */
    public synchronized Handle pack() {
        return Handle.of(FileType.PACK, String.format("%064x", new BigInteger(256, random)));
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        synchronized (opened) {
            for (Storage storage : opened) {
                try {
                    storage.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            opened.clear();
        }
        if (first != null) {
            throw first;
        }
    }
}
