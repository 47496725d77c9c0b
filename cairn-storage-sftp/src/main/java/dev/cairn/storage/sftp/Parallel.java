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

    @FunctionalInterface
    interface Call<T, R> {
        R call(T item) throws IOException, InterruptedException;
    }

    private Parallel() {
    }

    static void forEach(List<String> items, Task task) throws IOException {
        map(items, item -> {
            task.run(item);
            return null;
        });
    }

    /** The results of {@code call} on every item, in the items' order; the first failure is thrown. */
    static <T, R> List<R> map(List<T> items, Call<T, R> call) throws IOException {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> done = new ArrayList<>();
            for (T item : items) {
                done.add(executor.submit(() -> call.call(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> f : done) {
                results.add(f.get());
            }
            return results;
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
