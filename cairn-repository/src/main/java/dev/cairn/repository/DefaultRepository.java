package dev.cairn.repository;

import dev.cairn.repository.codec.IndexCodec;
import dev.cairn.repository.codec.IndexPack;
import dev.cairn.repository.codec.PackHeaderCodec;
import dev.cairn.repository.codec.RepoConfig;
import dev.cairn.repository.codec.SnapshotCodec;
import dev.cairn.repository.codec.TreeCodec;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.crypto.AEADBadTagException;

/** The repository engine: see {@link Repository} for the contract. */
final class DefaultRepository implements Repository {

    /** restic writes a new index file every 50 000 blobs. */
    private static final int INDEX_FILE_MAX_BLOBS = 50_000;
    /** Bytes of a pack {@link #loadBlobs} reads at once (one larger blob is read whole). */
    static final int LOAD_WINDOW = PackStream.WINDOW;

    private final Storage storage;
    private final Crypto crypto;
    private final RepoConfig config;
    private final RepositoryOptions options;
    private final RepositoryFiles files;
    private final MasterIndex index = new MasterIndex();
    private final Set<Object> inFlight = ConcurrentHashMap.newKeySet();
    /** Up to 20 000 nodes (a few MB): enough for the trees a restore or diff reads again and again. */
    private final TreeCache treeCache = new TreeCache(20_000);
    /** 1 MiB around a missing tree per read, at most 16 MiB of fetched trees waiting (see TreeReadAhead). */
    private final TreeReadAhead treeReadAhead = new TreeReadAhead(1 << 20, 16L << 20);
    private final PackWriter packs;
    private final Locks locks;
    private final BlobCompressor zstd = new BlobCompressor(2 * Runtime.getRuntime().availableProcessors());
    /** The key files, for the master key this repository was opened with. */
    private KeyRing keyRing;
    private volatile Repacker repacker;
    /** Whether the index was loaded at open (not for 'repair index'), so that {@link #lock} refreshes it. */
    private volatile boolean indexLoaded;
    /** The lock acquired while the index loaded ({@link RepositoryOptions#lockAtOpen}) until {@link #lock} takes it. */
    private volatile LockAhead lockAhead;

    private DefaultRepository(Storage storage, Crypto crypto, RepoConfig config, RepositoryOptions options) {
        this.storage = storage;
        this.crypto = crypto;
        this.config = config;
        this.options = options;
        this.files = new RepositoryFiles(storage, crypto, config.version());
        this.packs = new PackWriter(storage, crypto, options.packSize(),
                pack -> index.addUploaded(pack.id(), pack.blobs()));
        this.locks = new Locks(files, options);
    }

    /** @param loadIndex false only for repairing the index: lookups find nothing until it is rebuilt */
    static DefaultRepository open(Storage storage, Crypto crypto, RepoConfig config, RepositoryOptions options,
            KeyRing keyRing, boolean loadIndex) throws IOException {
        DefaultRepository repo = new DefaultRepository(storage, crypto, config, options);
        repo.keyRing = keyRing;
        // Not with --retry-lock: waiting minutes for another process is not something to start in the background.
        if (options.lockAtOpen() != RepositoryOptions.OpenLock.NONE && options.lockRetry().isZero()) {
            repo.lockAhead = LockAhead.start(repo.locks,
                    options.lockAtOpen() == RepositoryOptions.OpenLock.EXCLUSIVE);
        }
        if (loadIndex) {
            try {
                repo.loadIndex();
            } catch (IOException | RuntimeException e) {
                repo.releaseLockAhead(e); // the caller gets no repository to close
                throw e;
            }
        }
        return repo;
    }

    private void releaseLockAhead(Exception cause) {
        LockAhead ahead = lockAhead;
        lockAhead = null;
        if (ahead != null) {
            ahead.settle();
            try {
                locks.close();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private void loadIndex() throws IOException {
        loadIndexFiles(files.list(FileType.INDEX));
        indexLoaded = true;
    }

    private void loadIndexFiles(List<Id> ids) throws IOException {
        files.forEachParallel(ids, id -> index.addIndexFile(id, IndexCodec.decode(files.loadUnpacked(FileType.INDEX, id))));
    }

    /**
     * Brings the index loaded at open up to date once the lock is held: between open and lock (seconds or, with
     * --retry-lock, minutes) a backup may have added index files, or a prune or repair replaced them. Work done
     * under the lock must see the index as it is now (a prune would otherwise find snapshots naming blobs it does
     * not know, a check would report them missing). New files only: they are added; any file gone: full reload.
     */
    private void refreshIndex() throws IOException {
        List<Id> listed = files.list(FileType.INDEX);
        Set<Id> known = new java.util.HashSet<>(index.indexFiles());
        if (known.size() == listed.size() && known.containsAll(listed)) {
            return;
        }
        if (listed.containsAll(known)) {
            loadIndexFiles(listed.stream().filter(id -> !known.contains(id)).toList());
            return;
        }
        index.dropPacksAndIndexFiles(index.packSizes().keySet());
        loadIndexFiles(listed);
    }

    @Override
    public String location() {
        return storage.location();
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public int formatVersion() {
        return config.version();
    }

    @Override
    public String chunkerPolynomial() {
        return config.chunkerPolynomial();
    }

    @Override
    public Storage storage() {
        return storage;
    }

    // ---- blobs ----

    @Override
    public boolean hasBlob(BlobType type, Id id) {
        return index.has(type, id) || inFlight.contains(flightKey(type, id));
    }

    @Override
    public PackedBlob lookup(BlobType type, Id id) {
        return index.lookup(type, id);
    }

    private static Object flightKey(BlobType type, Id id) {
        return List.of(type, id);
    }

    @Override
    public long saveBlob(BlobType type, Id id, byte[] plaintext) throws IOException {
        if (index.has(type, id) || !inFlight.add(flightKey(type, id))) {
            return 0;
        }
        byte[] payload = plaintext;
        int uncompressedLength = 0;
        if (config.version() >= 2 && plaintext.length > 0 && (type == BlobType.TREE
                || options.compression() != CompressionMode.OFF)) {
            int level = type == BlobType.TREE ? CompressionMode.AUTO.zstdLevel() : options.compression().zstdLevel();
            // Data that does not shrink is stored as is: smaller, and restores skip the decompression. In auto
            // mode, large data blobs that look incompressible are not even tried (see BlobCompressor).
            boolean sniff = type == BlobType.DATA && options.compression() == CompressionMode.AUTO;
            byte[] compressed = zstd.compress(plaintext, level, sniff);
            if (compressed != null && (type == BlobType.TREE || compressed.length < plaintext.length)) {
                payload = compressed;
                uncompressedLength = plaintext.length;
            }
        }
        byte[] sealed = crypto.seal(payload);
        packs.add(type, id, sealed, uncompressedLength);
        return sealed.length;
    }

    @Override
    public byte[] loadBlob(BlobType type, Id id) throws IOException {
        PackedBlob blob = index.lookup(type, id);
        if (blob == null) {
            throw new RepositoryException.Corrupt(type.jsonName() + " blob " + id.shortHex()
                    + " is not in the index (missing data: run 'cairn check')");
        }
        byte[] sealed = storage.load(packHandle(blob.pack()), blob.offset(), blob.length());
        return decode(blob, sealed, 0);
    }

    @Override
    public void loadBlobs(Id pack, List<PackedBlob> blobs, BlobReceiver each) throws IOException {
        if (blobs.isEmpty()) {
            return;
        }
        List<PackedBlob> sorted = new ArrayList<>(blobs);
        sorted.sort(Comparator.comparingLong(PackedBlob::offset));
        // Read in windows of neighbouring blobs spanning at most LOAD_WINDOW bytes (or one larger blob), not the
        // whole span at once: a restore keeps several packs in progress, and whole-pack arrays (up to 17 MB each)
        // outlived young collections and grew the old generation. Each window is one ranged load, which the retry
        // decorator retries as a whole; a window's array dies as soon as its blobs are delivered.
        int first = 0;
        while (first < sorted.size()) {
            long start = sorted.get(first).offset();
            int end = first + 1;
            while (end < sorted.size() && blobEnd(sorted.get(end)) - start <= LOAD_WINDOW) {
                end++;
            }
            long stop = start;
            for (PackedBlob blob : sorted.subList(first, end)) {
                stop = Math.max(stop, blobEnd(blob));
            }
            byte[] range = storage.load(packHandle(pack), start, Math.toIntExact(stop - start));
            for (PackedBlob blob : sorted.subList(first, end)) {
                byte[] plain;
                try {
                    plain = decode(blob, range, Math.toIntExact(blob.offset() - start));
                } catch (RepositoryException.Corrupt e) {
                    each.failed(blob, e);
                    continue;
                }
                each.blob(blob, plain);
            }
            first = end;
        }
    }

    private static long blobEnd(PackedBlob blob) {
        return blob.offset() + blob.length();
    }

    @Override
    public byte[] decodeBlob(PackedBlob blob, byte[] packFile) throws IOException {
        if (blob.offset() + blob.length() > packFile.length) {
            throw new RepositoryException.Corrupt("pack " + blob.pack().shortHex() + ": blob " + blob.id().shortHex()
                    + " lies beyond the end of the pack");
        }
        return decode(blob, packFile, (int) blob.offset());
    }

    @Override
    public byte[] decodeBlob(PackedBlob blob, byte[] buf, int at) throws IOException {
        if (at < 0 || (long) at + blob.length() > buf.length) {
            throw new IllegalArgumentException("blob " + blob.id().shortHex() + " (" + blob.length()
                    + " bytes) does not fit at " + at + " in a buffer of " + buf.length + " bytes");
        }
        return decode(blob, buf, at);
    }

    private byte[] decode(PackedBlob blob, byte[] buf, int offset) throws IOException {
        byte[] payload;
        try {
            payload = crypto.open(buf, offset, blob.length());
        } catch (AEADBadTagException e) {
            throw corrupt(blob, "authentication failed (damaged data)", e);
        }
        byte[] plain = payload;
        if (blob.compressed()) {
            try {
                plain = zstd.decompress(payload, blob.uncompressedLength());
            } catch (RuntimeException e) {
                throw corrupt(blob, "cannot decompress: " + e.getMessage(), e);
            }
            if (plain.length != blob.uncompressedLength()) {
                throw corrupt(blob, "decompressed to " + plain.length + " bytes, index says "
                        + blob.uncompressedLength(), null);
            }
        }
        if (!Id.hash(plain).equals(blob.id())) {
            throw corrupt(blob, "content does not match its ID", null);
        }
        return plain;
    }

    private static RepositoryException.Corrupt corrupt(PackedBlob blob, String what, Throwable cause) {
        return new RepositoryException.Corrupt("pack " + blob.pack() + ": " + blob.type().jsonName() + " blob "
                + blob.id() + ": " + what, cause);
    }

    private static Handle packHandle(Id pack) {
        return Handle.of(FileType.PACK, pack.hex());
    }

    @Override
    public void flush() throws IOException {
        packs.flush();
        writeIndexFiles(index.drainUnindexed());
        inFlight.clear();
    }

    private void writeIndexFiles(List<IndexPack> packs) throws IOException {
        IndexWriter writer = new IndexWriter();
        for (IndexPack pack : packs) {
            writer.add(pack);
        }
        writer.finish().forEach(index::indexWritten);
    }

    /** Batches packs into index files of at most {@link #INDEX_FILE_MAX_BLOBS} blobs, saving each when full. */
    private final class IndexWriter {
        private final Map<Id, List<Id>> written = new java.util.LinkedHashMap<>();
        private List<IndexPack> batch = new ArrayList<>();
        private int blobs;
        private IOException failure;

        void add(IndexPack pack) {
            batch.add(pack);
            blobs += pack.blobs().size();
            if (blobs >= INDEX_FILE_MAX_BLOBS) {
                save();
            }
        }

        private void save() {
            if (batch.isEmpty() || failure != null) {
                return;
            }
            try {
                Id file = files.saveUnpacked(FileType.INDEX, IndexCodec.encode(batch));
                written.put(file, batch.stream().map(IndexPack::packId).toList());
            } catch (IOException e) {
                failure = e;
            }
            batch = new ArrayList<>();
            blobs = 0;
        }

        /** Saves the last batch; returns each file written with the packs it names. */
        Map<Id, List<Id>> finish() throws IOException {
            save();
            if (failure != null) {
                throw failure;
            }
            return written;
        }
    }

    // ---- trees and snapshots ----

    @Override
    public Tree loadTree(Id id) throws IOException {
        Tree cached = treeCache.get(id);
        if (cached != null) {
            return cached;
        }
        byte[] json = loadTreeJson(id);
        Tree tree;
        try {
            tree = TreeCodec.decode(json);
        } catch (IOException | RuntimeException e) {
            throw new RepositoryException.Corrupt("tree " + id + " cannot be decoded: " + e.getMessage(), e);
        }
        treeCache.put(id, tree);
        return tree;
    }

    /**
     * Scans the tree's JSON for IDs only and leaves the cache alone: decoding names, times and attributes of every
     * node made prune's mark phase take ~1.6x the CPU time (measured on 30 snapshots of a 500 MB tree), and caching
     * trees that a walk never reads again only churned the heap. A tree already cached is not read again.
     */
    @Override
    public void forEachTreeReference(Id id, TreeReferences refs) throws IOException {
        if (treeCache.get(id) != null) {
            Repository.super.forEachTreeReference(id, refs);
            return;
        }
        byte[] json = loadTreeJson(id);
        try {
            TreeCodec.forEachReference(json, refs);
        } catch (IOException | RuntimeException e) {
            throw new RepositoryException.Corrupt("tree " + id + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** The verified plaintext of a tree blob, read with its neighbours (see {@link TreeReadAhead}). */
    private byte[] loadTreeJson(Id id) throws IOException {
        PackedBlob blob = index.lookup(BlobType.TREE, id);
        if (blob == null) {
            throw new RepositoryException.Corrupt("tree blob " + id.shortHex()
                    + " is not in the index (missing data: run 'cairn check')");
        }
        TreeReadAhead.Slice sealed = treeReadAhead.slice(blob, index.packBlobs(blob.pack()),
                (start, length) -> storage.load(packHandle(blob.pack()), start, length));
        return decode(blob, sealed.bytes(), sealed.offset());
    }

    @Override
    public Id saveTree(Tree tree) throws IOException {
        byte[] json = tree.json();
        Id id = Id.hash(json);
        saveBlob(BlobType.TREE, id, json);
        return id;
    }

    @Override
    public Id saveSnapshot(Snapshot snapshot) throws IOException {
        return files.saveUnpacked(FileType.SNAPSHOT, SnapshotCodec.encode(snapshot, options.clock().getZone()));
    }

    @Override
    public Snapshot loadSnapshot(Id id) throws IOException {
        byte[] json = files.loadUnpacked(FileType.SNAPSHOT, id);
        try {
            return SnapshotCodec.decode(json);
        } catch (IOException | RuntimeException e) {
            throw new RepositoryException.Corrupt("snapshots/" + id + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SnapshotRef> listSnapshots() throws IOException {
        List<Id> ids = files.list(FileType.SNAPSHOT);
        List<SnapshotRef> refs = java.util.Collections.synchronizedList(new ArrayList<>());
        files.forEachParallel(ids, id -> refs.add(new SnapshotRef(id, loadSnapshot(id))));
        List<SnapshotRef> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.comparing((SnapshotRef r) -> r.snapshot().time()).thenComparing(SnapshotRef::id));
        return sorted;
    }

    @Override
    public void removeSnapshot(Id id) throws IOException {
        storage.remove(Handle.of(FileType.SNAPSHOT, id.hex()));
    }

    // ---- index and packs ----

    @Override
    public void forEachIndexedBlob(Consumer<PackedBlob> each) {
        index.forEach(each);
    }

    @Override
    public Map<Id, Long> indexedPackSizes() {
        return index.packSizes();
    }

    @Override
    public List<PackedBlob> readPackHeader(Id pack, byte[] packFile) throws IOException {
        String where = "pack " + pack;
        if (packFile.length < 4 + Crypto.OVERHEAD) {
            throw new RepositoryException.Corrupt(where + ": file too short (" + packFile.length + " bytes)");
        }
        int n = packFile.length;
        long headerLength = (packFile[n - 4] & 0xffL) | (packFile[n - 3] & 0xffL) << 8
                | (packFile[n - 2] & 0xffL) << 16 | (packFile[n - 1] & 0xffL) << 24;
        if (headerLength < Crypto.OVERHEAD || headerLength > n - 4 || headerLength > PackHeaderCodec.MAX_HEADER_SIZE) {
            throw new RepositoryException.Corrupt(where + ": invalid header length " + headerLength);
        }
        byte[] header;
        try {
            header = crypto.open(packFile, (int) (n - 4 - headerLength), (int) headerLength);
        } catch (AEADBadTagException e) {
            throw new RepositoryException.Corrupt(where + ": header authentication failed", e);
        }
        try {
            return PackHeaderCodec.decodeHeader(header, pack);
        } catch (IOException | RuntimeException e) {
            throw new RepositoryException.Corrupt(where + ": header cannot be parsed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> indexProblems() {
        return index.problems();
    }

    @Override
    public byte[] loadJsonFile(FileType type, Id id) throws IOException {
        if (type != FileType.INDEX && type != FileType.SNAPSHOT && type != FileType.LOCK) {
            throw new IllegalArgumentException(type + " is not an encrypted JSON file");
        }
        return files.loadUnpacked(type, id);
    }

    // ---- maintenance ----

    @Override
    public BlobMarks newBlobMarks() {
        return new IndexMarks(index);
    }

    @Override
    public List<PackedBlob> packBlobs(Id pack) {
        return index.packBlobs(pack);
    }

    @Override
    public List<Id> indexFiles() {
        return index.indexFiles();
    }

    @Override
    public Map<Id, Long> listPackFiles() throws IOException {
        Map<Id, Long> packs = new ConcurrentHashMap<>();
        storage.list(FileType.PACK, f -> {
            if (Id.isId(f.name())) {
                packs.put(Id.parse(f.name()), f.size());
            }
        });
        return packs;
    }

    @Override
    public long copyBlobs(Id pack, List<PackedBlob> blobs, boolean compress) throws IOException {
        Repacker r = repacker;
        if (r == null) {
            synchronized (this) {
                if (repacker == null) {
                    repacker = new Repacker(storage, crypto, options, index, zstd, this::decode);
                }
                r = repacker;
            }
        }
        return r.copy(pack, blobs, compress && config.version() >= 2);
    }

    @Override
    public List<Id> rewriteIndex(Set<Id> drop) throws IOException {
        Repacker r = repacker;
        if (r != null) {
            r.finish();
        }
        index.drainUnindexed(); // repacked packs: the complete index written below names them
        List<Id> superseded = index.indexFiles();
        IndexWriter writer = new IndexWriter();
        index.forEachPack(drop, writer::add);
        Map<Id, List<Id>> written = writer.finish();
        index.dropPacksAndIndexFiles(drop);
        written.forEach(index::indexWritten);
        return superseded;
    }

    @Override
    public void removeFiles(FileType type, java.util.Collection<Id> ids) throws IOException {
        if (type != FileType.PACK && type != FileType.INDEX && type != FileType.SNAPSHOT) {
            throw new IllegalArgumentException("only pack, index and snapshot files are removed this way, not " + type);
        }
        files.forEachParallel(List.copyOf(ids), id -> {
            try {
                storage.remove(Handle.of(type, id.hex()));
            } catch (dev.cairn.storage.StorageException.NotFound gone) {
                // already removed (e.g. by a prune that was interrupted): the goal is reached
            }
        });
    }

    // ---- locks ----

    @Override
    public RepositoryLock lock(boolean exclusive) throws IOException {
        RepositoryLock lock = takeLockAhead(exclusive);
        if (lock == null) {
            lock = locks.acquire(exclusive);
        }
        if (indexLoaded) {
            try {
                refreshIndex();
            } catch (IOException | RuntimeException e) {
                try {
                    lock.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        return lock;
    }

    /** The lock acquired at open if it is of the kind asked for (its failure is thrown); else null. */
    private RepositoryLock takeLockAhead(boolean exclusive) throws IOException {
        LockAhead ahead = lockAhead;
        lockAhead = null;
        if (ahead == null) {
            return null;
        }
        if (ahead.exclusive() == exclusive) {
            return ahead.await();
        }
        ahead.discard();
        return null;
    }

    @Override
    public RepositoryLocks locks() {
        return new LockAdmin(files, options);
    }

    // ---- keys and repair ----

    @Override
    public Keys keys() {
        return keyRing;
    }

    @Override
    public Repair repair() {
        return new Repairs(this, files, crypto, options, index::addIndexFile);
    }

    @Override
    public void close() throws IOException {
        try {
            // A run that failed before flushing leaves packs being filled: free their temporary files now (a
            // long-running server would otherwise keep their space until it exits).
            packs.discard();
            Repacker r = repacker;
            if (r != null) {
                r.discard();
            }
        } finally {
            closeLocks();
        }
    }

    private void closeLocks() throws IOException {
        LockAhead ahead = lockAhead;
        lockAhead = null;
        if (ahead != null) {
            ahead.settle(); // a lock it acquired is among those closed next
        }
        try {
            locks.close();
        } finally {
            if (options.ownsStorage()) {
                storage.close();
            }
        }
    }
}
