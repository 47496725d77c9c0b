package dev.cairn.storage.validate;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The checks of {@link StorageValidation}, a short form of the conformance suite, on a scratch location. Each
 * returns what it verified (and measured) or throws {@link CheckFailed} saying what is wrong and why Cairn cares.
 * The files the checks leave are tracked so the list check knows what must be there.
 */
final class Checks {

    /** A check found the storage misbehaving. */
    static final class CheckFailed extends Exception {
        CheckFailed(String message) {
            super(message);
        }
    }

    private final Storage storage;
    private final SplittableRandom random;
    private final long largeFileSize;
    private final Map<FileType, Map<String, Long>> present = new EnumMap<>(FileType.class);

    Checks(Storage storage, long seed, long largeFileSize) {
        this.storage = storage;
        this.random = new SplittableRandom(seed);
        this.largeFileSize = largeFileSize;
        for (FileType type : FileType.values()) {
            present.put(type, new ConcurrentHashMap<>());
        }
    }

    String readAfterWrite() throws IOException, CheckFailed {
        int files = 0;
        for (FileType type : FileType.values()) {
            for (int i = 0; i < (type == FileType.CONFIG ? 1 : 3); i++) {
                Handle handle = handle(type);
                byte[] content = bytes(i == 1 ? 0 : 1 + random.nextInt(64 * 1024));
                save(handle, content);
                FileInfo info = storage.stat(handle);
                if (info.size() != content.length) {
                    throw new CheckFailed(handle + " was saved with " + content.length + " bytes but stat right "
                            + "after says " + info.size());
                }
                byte[] back = storage.load(handle);
                if (!Arrays.equals(back, content)) {
                    throw new CheckFailed(handle + " read right after saving differs from what was saved ("
                            + back.length + " bytes read, " + content.length + " saved)");
                }
                files++;
            }
        }
        return files + " files (of every type: config, keys, locks, snapshots, index, data; one empty) read back "
                + "right after saving";
    }

    String list() throws IOException, CheckFailed {
        int total = 0;
        for (FileType type : FileType.values()) {
            Map<String, Long> listed = listed(type);
            Map<String, Long> expected = present.get(type);
            if (!listed.equals(expected)) {
                TreeSet<String> missing = new TreeSet<>(expected.keySet());
                missing.removeAll(listed.keySet());
                TreeSet<String> extra = new TreeSet<>(listed.keySet());
                extra.removeAll(expected.keySet());
                List<String> sizes = new ArrayList<>();
                expected.forEach((name, size) -> {
                    Long seen = listed.get(name);
                    if (seen != null && !seen.equals(size)) {
                        sizes.add(name + " listed with " + seen + " bytes, saved with " + size);
                    }
                });
                throw new CheckFailed("listing " + type.dirName() + "/ right after saving is wrong: "
                        + (missing.isEmpty() ? "" : "missing " + missing + " ")
                        + (extra.isEmpty() ? "" : "unexpected " + extra + " ") + String.join("; ", sizes)
                        + " (Cairn lists files to find indexes, snapshots and locks)");
            }
            total += listed.size();
        }
        return "every type lists exactly the " + total + " files saved, with their sizes";
    }

    String rangeReads() throws IOException, CheckFailed {
        Handle handle = handle(FileType.PACK);
        byte[] content = bytes(1 << 20);
        save(handle, content);
        for (int i = 0; i < 30; i++) {
            int offset = random.nextInt(content.length);
            int length = 1 + random.nextInt(Math.min(content.length - offset, 100_000));
            byte[] got = storage.load(handle, offset, length);
            if (!Arrays.equals(got, 0, got.length, content, offset, offset + length)) {
                throw new CheckFailed("reading " + length + " bytes at offset " + offset + " of " + handle
                        + " returned other bytes (Cairn reads single blobs out of packs this way)");
            }
        }
        expectRead(handle, content.length - 1000, -1, Arrays.copyOfRange(content, content.length - 1000,
                content.length), "the rest of the file from offset " + (content.length - 1000));
        expectRead(handle, content.length, -1, new byte[0], "from the end of the file");
        expectRead(handle, content.length - 10, 100, Arrays.copyOfRange(content, content.length - 10,
                content.length), "100 bytes 10 before the end");
        return "30 random ranges of a 1 MiB file, reads to the end and past it";
    }

    String largeFile() throws IOException, CheckFailed {
        Handle handle = handle(FileType.PACK);
        GeneratedSource source = new GeneratedSource(largeFileSize, random.nextLong());
        long start = System.nanoTime();
        storage.save(handle, source);
        present.get(FileType.PACK).put(handle.name(), largeFileSize);
        long written = System.nanoTime() - start;
        long size = storage.stat(handle).size();
        if (size != largeFileSize) {
            throw new CheckFailed(handle + " was saved with " + largeFileSize + " bytes but stat says " + size);
        }
        start = System.nanoTime();
        byte[] read;
        try (InputStream in = storage.open(handle, 0, -1)) {
            read = sha256(in);
        }
        long readNanos = System.nanoTime() - start;
        byte[] expected;
        try (InputStream in = source.open()) {
            expected = sha256(in);
        }
        if (!Arrays.equals(read, expected)) {
            throw new CheckFailed("the " + mib(largeFileSize) + " file read back has SHA-256 "
                    + HexFormat.of().formatHex(read) + ", not that of what was saved");
        }
        return mib(largeFileSize) + " written in " + seconds(written) + " (" + rate(largeFileSize, written)
                + "), read back in " + seconds(readNanos) + " (" + rate(largeFileSize, readNanos) + "), SHA-256 equal";
    }

    String overwrite() throws IOException, CheckFailed {
        Handle handle = handle(FileType.INDEX);
        byte[] content = bytes(5_000);
        save(handle, content);
        try {
            storage.save(handle, ByteSource.of(content));
        } catch (StorageException e) {
            throw new CheckFailed("saving the same content again under " + handle + " failed (" + e.getMessage()
                    + "); Cairn replays saves whose reply was lost, so this must succeed");
        }
        byte[] other = bytes(5_001);
        try {
            storage.save(handle, ByteSource.of(other));
            throw new CheckFailed("saving other content under the existing name " + handle + " was accepted; "
                    + "Cairn relies on files never being overwritten");
        } catch (StorageException.Permanent expected) {
            // refused, as it must be
        } catch (StorageException e) {
            throw new CheckFailed("saving other content under the existing name " + handle + " failed with "
                    + kind(e) + " instead of a permanent refusal: " + e.getMessage());
        }
        if (!Arrays.equals(storage.load(handle), content)) {
            throw new CheckFailed("after a refused overwrite, " + handle + " no longer holds its first content");
        }
        return "saving the same content again is accepted; other content under the same name is refused";
    }

    String delete() throws IOException, CheckFailed {
        Handle handle = handle(FileType.LOCK);
        save(handle, bytes(300));
        storage.remove(handle);
        present.get(FileType.LOCK).remove(handle.name());
        expectNotFound(handle, "after removing it");
        if (listed(FileType.LOCK).containsKey(handle.name())) {
            throw new CheckFailed("removed " + handle + " is still listed");
        }
        return "a removed file is gone: open, stat and remove say not found, list omits it";
    }

    String notFound() throws CheckFailed {
        for (FileType type : FileType.values()) {
            if (type != FileType.CONFIG || !present.get(type).containsKey("config")) {
                expectNotFound(handle(type), "that was never saved");
            }
        }
        return "open, stat and remove of missing files of every type say not found";
    }

    String concurrency() throws Exception {
        int threads = Math.min(16, Math.max(2, storage.connections() * 2));
        int rounds = 8;
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                SplittableRandom own = random.split();
                workers.add(executor.submit(() -> {
                    work(own, rounds);
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        String listing = list();
        return threads + " threads saving, reading and removing " + threads * rounds + " files at once; " + listing;
    }

    private void work(SplittableRandom own, int rounds) throws IOException, CheckFailed {
        for (int i = 0; i < rounds; i++) {
            Handle handle = Handle.of(FileType.PACK, id(own));
            byte[] content = new byte[1 + own.nextInt(20_000)];
            own.nextBytes(content);
            save(handle, content);
            if (!Arrays.equals(storage.load(handle), content)) {
                throw new CheckFailed(handle + " read back differs while other threads were writing");
            }
            if (i % 3 == 0) {
                storage.remove(handle);
                present.get(FileType.PACK).remove(handle.name());
            }
        }
    }

    /** Median and slowest of small operations, one after another: what every lock, index and snapshot costs. */
    String timing() throws IOException {
        int n = 10;
        long[][] nanos = new long[4][n];
        for (int i = 0; i < n; i++) {
            Handle handle = handle(FileType.SNAPSHOT);
            byte[] content = bytes(4096);
            long t0 = System.nanoTime();
            storage.save(handle, ByteSource.of(content));
            long t1 = System.nanoTime();
            storage.stat(handle);
            long t2 = System.nanoTime();
            storage.load(handle);
            long t3 = System.nanoTime();
            storage.remove(handle);
            long t4 = System.nanoTime();
            nanos[0][i] = t1 - t0;
            nanos[1][i] = t2 - t1;
            nanos[2][i] = t3 - t2;
            nanos[3][i] = t4 - t3;
        }
        String[] names = {"save", "stat", "load", "remove"};
        List<String> parts = new ArrayList<>();
        for (int op = 0; op < names.length; op++) {
            long[] sorted = nanos[op].clone();
            Arrays.sort(sorted);
            parts.add(names[op] + " " + millis(sorted[n / 2]) + " (max " + millis(sorted[n - 1]) + ")");
        }
        return "4 KiB files, median of " + n + ": " + String.join(", ", parts);
    }

    /** Removes every file in the scratch location, then the location itself. */
    String cleanup() throws IOException, CheckFailed {
        int removed = 0;
        for (FileType type : FileType.values()) {
            for (String name : listed(type).keySet()) {
                storage.remove(type == FileType.CONFIG ? Handle.config() : Handle.of(type, name));
                removed++;
            }
        }
        for (FileType type : FileType.values()) {
            if (!listed(type).isEmpty()) {
                throw new CheckFailed("files of type " + type.dirName() + " are still listed after removing them all");
            }
        }
        storage.deleteEmptyLocation();
        return removed + " files removed, scratch location deleted";
    }

    private void save(Handle handle, byte[] content) throws IOException {
        storage.save(handle, ByteSource.of(content));
        present.get(handle.type()).put(handle.name(), (long) content.length);
    }

    private void expectRead(Handle handle, long offset, long length, byte[] expected, String what)
            throws IOException, CheckFailed {
        byte[] got;
        try (InputStream in = storage.open(handle, offset, length)) {
            got = in.readAllBytes();
        }
        if (!Arrays.equals(got, expected)) {
            throw new CheckFailed("reading " + what + " of " + handle + " returned " + got.length + " bytes, expected "
                    + expected.length + (got.length == expected.length ? " (other bytes)" : ""));
        }
    }

    private void expectNotFound(Handle handle, String when) throws CheckFailed {
        String[] ops = {"open", "stat", "remove"};
        for (String op : ops) {
            try {
                switch (op) {
                    case "open" -> storage.open(handle, 0, -1).close();
                    case "stat" -> storage.stat(handle);
                    default -> storage.remove(handle);
                }
                throw new CheckFailed(op + " of " + handle + " " + when + " succeeded; it must say not found");
            } catch (StorageException.NotFound expected) {
                // as it must be
            } catch (IOException e) {
                throw new CheckFailed(op + " of " + handle + " " + when + " failed with " + kind(e) + " instead of "
                        + "not found (Cairn tells missing files from damage by this): " + e.getMessage());
            }
        }
    }

    private Map<String, Long> listed(FileType type) throws IOException, CheckFailed {
        Map<String, Long> listed = new TreeMap<>();
        List<String> twice = new ArrayList<>();
        storage.list(type, info -> {
            synchronized (listed) {
                if (listed.put(info.name(), info.size()) != null) {
                    twice.add(info.name());
                }
            }
        });
        if (!twice.isEmpty()) {
            throw new CheckFailed("listing " + type.dirName() + "/ named " + twice + " more than once");
        }
        return listed;
    }

    private Handle handle(FileType type) {
        return type == FileType.CONFIG ? Handle.config() : Handle.of(type, id(random));
    }

    private static String id(SplittableRandom random) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String kind(IOException e) {
        return e instanceof StorageException ? e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + " fault" : e.getClass().getSimpleName();
    }

    private static byte[] sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    private static String rate(long bytes, long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB/s", bytes / 1048576.0 / Math.max(nanos / 1e9, 1e-6));
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
