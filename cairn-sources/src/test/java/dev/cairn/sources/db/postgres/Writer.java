package dev.cairn.sources.db.postgres;

import dev.cairn.sources.testing.Servers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** An application writing to {@code ticks} in small committed batches until closed. */
final class Writer implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong rows = new AtomicLong();
    private final Thread thread;
    private volatile SQLException failure;

    private Writer(String db) {
        thread = Thread.ofPlatform().daemon().start(() -> {
            try (Connection c = Servers.postgres(db); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.executeUpdate("INSERT INTO ticks (v) SELECT 'w' || g FROM generate_series(1, 10) g");
                    rows.addAndGet(10);
                    Thread.sleep(2); // a busy application, not a benchmark: leave the 2 cores some room
                }
            } catch (SQLException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static Writer start(String db) {
        return new Writer(db);
    }

    long rows() {
        return rows.get();
    }

    void awaitRows(long n) throws InterruptedException {
        while (rows.get() < n && failure == null && thread.isAlive()) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }
}
