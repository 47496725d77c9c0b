package dev.cairn.snapshots.check;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackStream;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.codec.PackHeaderCodec;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.Progress;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * {@code --read-data}: reads packs, {@code storage.connections()} at a time, and verifies each: SHA-256 equals the
 * name, every indexed blob decrypts and hashes to its ID, and the pack header lists exactly what the index says.
 * Each pack is streamed once through a window ({@link PackStream}), so memory is bounded by the number of threads,
 * not by pack sizes: per thread a window of {@link PackStream#WINDOW} bytes (or one larger blob) and one blob being
 * decoded.
 */
final class PackVerifier {

    /** Passes over one pack when a remote read breaks off half-way (transient faults). */
    private static final int READ_ATTEMPTS = 3;

    private final Repository repo;
    private final Findings findings;
    private final Progress progress;

    PackVerifier(Repository repo, Findings findings, Progress progress) {
        this.repo = repo;
        this.findings = findings;
        this.progress = progress;
    }

    void run(Map<Id, Long> packs) throws IOException {
        Map<Id, List<PackedBlob>> blobs = new HashMap<>();
        repo.forEachIndexedBlob(b -> {
            if (packs.containsKey(b.pack())) {
                blobs.computeIfAbsent(b.pack(), k -> new ArrayList<>()).add(b);
            }
        });
        progress.totals(packs.size(), packs.values().stream().mapToLong(Long::longValue).sum());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, repo.storage().connections()),
                Thread.ofPlatform().daemon().factory());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (var e : packs.entrySet()) {
                List<PackedBlob> list = blobs.getOrDefault(e.getKey(), List.of());
                futures.add(pool.submit(() -> {
                    verifyCounted(e.getKey(), e.getValue(), list);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading packs");
        } catch (ExecutionException e) {
            throw new IllegalStateException("pack verification failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void verifyCounted(Id pack, long size, List<PackedBlob> indexed) {
        try {
            progress.current(RepoFiles.pack(pack));
            verify(pack, indexed);
        } finally {
            progress.addFiles(1);
            progress.addBytes(size);
        }
    }

    private void verify(Id pack, List<PackedBlob> indexed) {
        String name = "pack " + RepoFiles.pack(pack) + ": ";
        List<PackedBlob> sorted = indexed.stream().sorted(Comparator.comparingLong(PackedBlob::offset)).toList();
        Read read = null;
        IOException failure = null;
        for (int attempt = 1; read == null; attempt++) {
            try {
                read = read(pack, sorted);
            } catch (StorageException.Transient e) {
                // A remote read broke off half-way; the retry decorator only retries opening the stream.
                if (attempt == READ_ATTEMPTS) {
                    failure = e;
                    break;
                }
            } catch (IOException e) {
                failure = e;
                break;
            }
        }
        if (read == null) {
            findings.packLost(pack);
            findings.error(name + "cannot read: " + failure.getMessage());
            progress.addError();
            return;
        }
        List<String> problems = new ArrayList<>();
        checkContiguous(sorted, problems);
        if (!read.hash().equals(pack)) {
            problems.add("content does not match its name: SHA-256 is " + read.hash().hex()
                    + " (the file is damaged)");
        }
        problems.addAll(read.blobProblems());
        compareHeader(pack, read.tail(), sorted, problems);
        if (!problems.isEmpty()) {
            findings.packDamaged(pack, read.bad());
            problems.forEach(p -> findings.error(name + p));
            progress.addError();
        }
    }

    /** What one pass over a pack found: its SHA-256, its blobs' problems, and its last bytes (header). */
    private record Read(Id hash, List<String> blobProblems, Set<Findings.BlobKey> bad, byte[] tail) {
    }

    /**
     * Streams the pack once through a {@link PackStream} window, hashing every byte and decoding each indexed blob
     * as it passes, so memory per pack is a window and one blob, not the whole pack.
     */
    private Read read(Id pack, List<PackedBlob> sorted) throws IOException {
        MessageDigest sha = Id.sha256();
        List<String> problems = new ArrayList<>();
        Set<Findings.BlobKey> bad = new HashSet<>();
        try (InputStream in = repo.storage().open(Handle.of(FileType.PACK, pack.hex()), 0, -1)) {
            PackStream stream = new PackStream(in, 0, PackStream.WINDOW, sha);
            long restFrom = 0;
            for (PackedBlob blob : sorted) {
                restFrom = Math.max(restFrom, blob.offset());
                String what = blob.type().jsonName() + " blob " + blob.id().hex();
                int at = stream.slice(blob.offset(), blob.length());
                if (at < 0) {
                    bad.add(new Findings.BlobKey(blob.type(), blob.id()));
                    problems.add(what + " at offset " + blob.offset() + " lies beyond the end of the file");
                    continue;
                }
                restFrom = Math.max(restFrom, blob.offset() + blob.length());
                try {
                    repo.decodeBlob(blob, stream.buffer(), at);
                } catch (IOException | RuntimeException e) {
                    bad.add(new Findings.BlobKey(blob.type(), blob.id()));
                    problems.add(what + ": " + e.getMessage());
                }
            }
            byte[] tail = stream.rest(restFrom, PackHeaderCodec.MAX_HEADER_SIZE);
            return new Read(Id.of(sha.digest()), problems, bad, tail);
        }
    }

    private static void checkContiguous(List<PackedBlob> sorted, List<String> problems) {
        long end = 0;
        for (PackedBlob b : sorted) {
            if (b.offset() != end) {
                problems.add("the index for this pack contains gaps or overlapping blobs (at offset " + b.offset()
                        + ")");
                return;
            }
            end = b.offset() + b.length();
        }
    }

    /** Header and index must agree on (type, id, offset, length, uncompressed length) of every blob. */
    private void compareHeader(Id pack, byte[] tail, List<PackedBlob> indexed, List<String> problems) {
        List<PackedBlob> header;
        try {
            // The header and its length field are the pack's last bytes; readPackHeader needs only those.
            header = repo.readPackHeader(pack, tail);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read the pack header: " + e.getMessage());
            return;
        }
        Set<Entry> inIndex = new HashSet<>();
        indexed.forEach(b -> inIndex.add(Entry.of(b)));
        Set<Entry> inHeader = new HashSet<>();
        for (PackedBlob b : header) {
            Entry e = Entry.of(b);
            inHeader.add(e);
            if (!inIndex.contains(e)) {
                problems.add(e.describe() + " is not contained in index or position is incorrect");
            }
        }
        for (Entry e : inIndex) {
            if (!inHeader.contains(e)) {
                problems.add("the index lists " + e.describe() + " which the pack header does not contain");
            }
        }
    }

    private record Entry(BlobType type, Id id, long offset, int length, int uncompressedLength) {
        static Entry of(PackedBlob b) {
            return new Entry(b.type(), b.id(), b.offset(), b.length(), b.uncompressedLength());
        }

        String describe() {
            return type.jsonName() + " blob " + id.hex() + " (offset " + offset + ", length " + length + ")";
        }
    }
}
