package dev.cairn.repository;

import dev.cairn.repository.codec.LockCodec;
import dev.cairn.repository.codec.LockDocument;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link RepositoryLocks} over the repository's lock files. */
final class LockAdmin implements RepositoryLocks {

    private final RepositoryFiles files;
    private final RepositoryOptions options;

    LockAdmin(RepositoryFiles files, RepositoryOptions options) {
        this.files = files;
        this.options = options;
    }

    @Override
    public List<LockInfo> list() throws IOException {
        Instant now = options.clock().instant();
        List<LockInfo> out = new ArrayList<>();
        for (Id id : files.list(FileType.LOCK)) {
            LockDocument doc;
            try {
                doc = LockCodec.decode(files.loadUnpacked(FileType.LOCK, id));
            } catch (StorageException.NotFound released) {
                continue;
            } catch (IOException unreadable) {
                options.warnings().accept("lock " + id.shortHex() + " is unreadable (" + unreadable.getMessage()
                        + "); 'unlock --remove-all' removes it");
                continue;
            }
            out.add(new LockInfo(id, doc.exclusive(), doc.hostname(), doc.username(), doc.pid(), doc.time(),
                    Duration.between(doc.time(), now), Locks.stale(doc, options.hostname(), now)));
        }
        out.sort(Comparator.comparing(LockInfo::time).thenComparing(LockInfo::id));
        return out;
    }

    @Override
    public List<LockInfo> removeStale() throws IOException {
        List<LockInfo> removed = new ArrayList<>();
        for (LockInfo lock : list()) {
            if (lock.stale() && remove(lock.id())) {
                removed.add(lock);
            }
        }
        return removed;
    }

    @Override
    public int removeAll() throws IOException {
        int n = 0;
        for (Id id : files.list(FileType.LOCK)) {
            if (remove(id)) {
                n++;
            }
        }
        return n;
    }

    private boolean remove(Id id) throws IOException {
        try {
            files.storage().remove(Handle.of(FileType.LOCK, id.hex()));
            return true;
        } catch (StorageException.NotFound alreadyGone) {
            return false;
        }
    }
}
