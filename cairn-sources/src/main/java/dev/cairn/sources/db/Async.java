package dev.cairn.sources.db;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An I/O call run on its own virtual thread while the caller does something else (connect to a server while the
 * tools' versions are read, open a restore target while the repository's key is derived), and its result taken
 * with the exception it threw, as if it had been called directly.
 */
public final class Async {

    /** An I/O call that returns a value. */
    @FunctionalInterface
    public interface IoCall<T> {
        T call() throws IOException;
    }

    private Async() {
    }

    /** Starts {@code call} on a new virtual thread named {@code name}. */
    public static <T> CompletableFuture<T> start(String name, IoCall<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Waits for {@code f}; throws what the call threw (an I/O, runtime or error as it was). */
    public static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw e;
            }
        }
    }
}
