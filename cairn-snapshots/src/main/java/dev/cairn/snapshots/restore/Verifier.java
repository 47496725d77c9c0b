package dev.cairn.snapshots.restore;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/** Reads restored files back and checks every blob range against its ID (restic's {@code --verify}). */
final class Verifier {

    private final ContentCheck check;
    private final Failures failures;
    private final int parallelism;

    Verifier(ContentCheck check, Failures failures, int parallelism) {
        this.check = check;
        this.failures = failures;
        this.parallelism = parallelism;
    }

    void verify(List<Entry> files) {
        Semaphore slots = new Semaphore(parallelism);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Entry e : files) {
                slots.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        String mismatch = check.mismatch(e.path(), e.node());
                        if (mismatch != null) {
                            failures.add(e.location(), "verify failed: " + mismatch);
                        }
                    } catch (IOException | RuntimeException ex) {
                        failures.add(e.location(), "verify could not read '" + e.path() + "': "
                                + TargetOps.describe(ex instanceof IOException io ? io : new IOException(ex)));
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }
}
