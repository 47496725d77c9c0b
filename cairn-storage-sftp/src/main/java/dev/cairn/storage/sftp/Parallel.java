package dev.cairn.storage.sftp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one SFTP request per item on virtual threads; the channels multiplex them. */
final class Parallel {

    @FunctionalInterface
    interface Task {
        void run(String item) throws IOException, InterruptedException;
    }

    private Parallel() {
    }

    static void forEach(List<String> items, Task task) throws IOException {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (String item : items) {
                done.add(executor.submit(() -> {
                    task.run(item);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to the SFTP server");
        }
    }
}
