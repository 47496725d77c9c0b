package dev.cairn.cli;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.ForwardingStorage;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.Storages;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A test-only backend, {@code killpoint:/path}: a local directory whose process sends itself SIGKILL ({@code kill
 * -9}: no shutdown hook, no finally block, no lock removal) at a chosen point of its progress, so crash trials hit
 * exact, reproducible moments instead of wall-clock guesses. The progress counter counts mutations (saves and
 * removes of any file, locks included), in the order they start.
 *
 * <ul>
 *   <li>{@code CAIRN_TEST_KILL_AT=N:before|during|after}: die when mutation N starts, half-way through its upload
 *       (a partial temporary file is left, as a kill during a write leaves it), or right after it completed.</li>
 *   <li>{@code CAIRN_TEST_KILL_AT=N:pause}: do not die; before mutation N, create {@code PATH.paused} and wait until
 *       {@code PATH} exists, where PATH is {@code CAIRN_TEST_PAUSE_FILE} (to hold a command at a known point, e.g.
 *       with its lock taken, while a test starts another one).</li>
 *   <li>{@code CAIRN_TEST_MUTATIONS_FILE=PATH}: on close, write the number of mutations (to calibrate trials).</li>
 * </ul>
 *
 * <p>Once dying, every other thread that reaches the storage stops there, so nothing after the kill point reaches
 * the repository (only operations already under way in other threads may complete, as with a real kill).
 */
public final class KillPointStorageProvider implements StorageProvider {

    /** Where in mutation N the process dies. */
    enum Moment {
        BEFORE, DURING, AFTER, PAUSE;

        /** The moments that kill. */
        static final Moment[] KILLING = {BEFORE, DURING, AFTER};
    }

    /** A kill point: mutation {@code n} (1-based), at {@code moment}. */
    record KillPoint(int n, Moment moment) {

        static KillPoint parse(String s) {
            int colon = s.indexOf(':');
            return new KillPoint(Integer.parseInt(s.substring(0, colon)),
                    Moment.valueOf(s.substring(colon + 1).toUpperCase(Locale.ROOT)));
        }

        @Override
        public String toString() {
            return n + ":" + moment.name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public Set<String> schemes() {
        return Set.of("killpoint");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        Optional<KillPoint> at = settings.env("CAIRN_TEST_KILL_AT").map(KillPoint::parse);
        Optional<Path> countFile = settings.env("CAIRN_TEST_MUTATIONS_FILE").map(Path::of);
        Optional<Path> pauseFile = settings.env("CAIRN_TEST_PAUSE_FILE").map(Path::of);
        return new Killing(Storages.local(Path.of(location.rest())), "killpoint:" + location.rest(), at.orElse(null),
                countFile.orElse(null), pauseFile.orElse(null));
    }

    private static final class Killing extends ForwardingStorage {
        private final String location;
        private final KillPoint at;
        private final Path countFile;
        private final Path pauseFile;
        private final AtomicInteger mutations = new AtomicInteger();
        private volatile boolean dying;

        Killing(Storage inner, String location, KillPoint at, Path countFile, Path pauseFile) {
            super(inner);
            this.pauseFile = pauseFile;
            this.location = location;
            this.at = at;
            this.countFile = countFile;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public void create() throws IOException {
            gate();
            inner.create();
        }

        @Override
        public void save(Handle handle, ByteSource content) throws IOException {
            gate();
            int n = mutations.incrementAndGet();
            if (at == null || at.n() != n) {
                inner.save(handle, content);
                return;
            }
            switch (at.moment()) {
                case PAUSE -> {
                    pause();
                    inner.save(handle, content);
                }
                case BEFORE -> die();
                case DURING -> inner.save(handle, dyingHalfWay(content));
                case AFTER -> {
                    inner.save(handle, content);
                    die();
                }
            }
        }

        @Override
        public void remove(Handle handle) throws IOException {
            gate();
            int n = mutations.incrementAndGet();
            boolean here = at != null && at.n() == n;
            if (here && at.moment() == Moment.PAUSE) {
                pause();
            } else if (here && at.moment() != Moment.AFTER) {
                die(); // a removal is atomic: "during" is "before"
            }
            inner.remove(handle);
            if (here && at.moment() == Moment.AFTER) {
                die();
            }
        }

        @Override
        public InputStream open(Handle handle, long offset, long length) throws IOException {
            gate();
            return inner.open(handle, offset, length);
        }

        @Override
        public FileInfo stat(Handle handle) throws IOException {
            gate();
            return inner.stat(handle);
        }

        @Override
        public void list(FileType type, Consumer<FileInfo> each) throws IOException {
            gate();
            inner.list(type, each);
        }

        @Override
        public void close() throws IOException {
            if (countFile != null) {
                Files.writeString(countFile, Integer.toString(mutations.get()), StandardCharsets.UTF_8);
            }
            inner.close();
        }

        /** The content, but the process dies once the backend has read half of it (and written it out). */
        private ByteSource dyingHalfWay(ByteSource content) {
            long half = content.length() / 2;
            return new ByteSource() {
                @Override
                public long length() {
                    return content.length();
                }

                @Override
                public InputStream open() throws IOException {
                    return new FilterInputStream(content.open()) {
                        private long read;

                        @Override
                        public int read() throws IOException {
                            if (read >= half) {
                                die();
                            }
                            int b = super.read();
                            read++;
                            return b;
                        }

                        @Override
                        public int read(byte[] buf, int off, int len) throws IOException {
                            if (read >= half) {
                                die();
                            }
                            int n = super.read(buf, off, (int) Math.min(len, Math.max(1, half - read)));
                            read += Math.max(n, 0);
                            return n;
                        }
                    };
                }
            };
        }

        /** Announces the pause, then waits for the test's signal (a file, polled: the test may be another JVM). */
        private void pause() throws IOException {
            Files.writeString(Path.of(pauseFile + ".paused"), Long.toString(ProcessHandle.current().pid()));
            while (!Files.exists(pauseFile)) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while paused");
                }
            }
        }

        /** After the kill point nothing more reaches the repository, from any thread. */
        private void gate() {
            if (dying) {
                parkForever();
            }
        }

        private void die() {
            dying = true;
            try {
                new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
            } catch (IOException e) {
                Runtime.getRuntime().halt(137); // no kill command: the closest thing, still without any cleanup
            }
            parkForever();
        }

        private static void parkForever() {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // a kill -9 cannot be interrupted either
                }
            }
        }
    }
}
