package dev.cairn.repository;

import dev.cairn.repository.codec.KeyCodec;
import dev.cairn.repository.codec.KeyDocument;
import dev.cairn.repository.crypto.MasterKey;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** {@link Keys} over the {@code keys/} files of one storage, for the master key the repository was opened with. */
final class KeyRing implements Keys {

    private final Storage storage;
    private final MasterKey master;
    private final RepositoryOptions options;
    private volatile Id current;

    KeyRing(Storage storage, MasterKey master, Id current, RepositoryOptions options) {
        this.storage = storage;
        this.master = master;
        this.current = current;
        this.options = options;
    }

    @Override
    public Id current() {
        return current;
    }

    @Override
    public List<KeyInfo> list() throws IOException {
        List<KeyInfo> out = new ArrayList<>();
        for (Id id : ids()) {
            KeyDocument doc;
            try {
                doc = load(id);
            } catch (StorageException.NotFound removed) {
                continue;
            } catch (IOException | RuntimeException e) {
                options.warnings().accept("key " + id.shortHex() + " is unreadable: " + e.getMessage());
                continue;
            }
            out.add(new KeyInfo(id, id.equals(current), doc.username(), doc.hostname(), doc.created()));
        }
        out.sort(Comparator.comparing(KeyInfo::created).thenComparing(KeyInfo::id));
        return out;
    }

    @Override
    public synchronized Id add(char[] password, String username, String hostname, ScryptParams kdf)
            throws IOException {
        Objects.requireNonNull(kdf, "kdf");
        if (password.length == 0) {
            throw new IllegalArgumentException("an empty password is not allowed");
        }
        String user = username == null || username.isEmpty() ? options.username() : username;
        String host = hostname == null || hostname.isEmpty() ? options.hostname() : hostname;
        Id id = KeyStore.add(storage, master, password, kdf, user, host, options.clock().instant(), options.random());
        // As restic does: a key that does not open the repository must not stay, or a later 'passwd' could remove
        // the only working one.
        MasterKey opened;
        try {
            opened = KeyStore.unwrap(load(id), password);
        } catch (IOException | RuntimeException e) {
            opened = null;
        }
        if (!master.equals(opened)) {
            removeQuietly(id);
            throw new RepositoryException.Corrupt("the new key " + id.shortHex() + " did not open the repository "
                    + "when read back from " + storage.location() + "; it was removed again, nothing changed");
        }
        return id;
    }

    @Override
    public synchronized void remove(Id key) throws IOException {
        if (key.equals(current)) {
            throw new IllegalStateException("refusing to remove key " + key.shortHex() + ": it is the key in use "
                    + "(open the repository with another password to remove it, or use 'key passwd')");
        }
        storage.stat(Handle.of(FileType.KEY, key.hex())); // NotFound names the missing key
        List<Id> all = ids();
        if (all.size() <= 1) {
            throw new IllegalStateException("refusing to remove key " + key.shortHex() + ": it is the last key, "
                    + "without it nobody could open the repository");
        }
        storage.remove(Handle.of(FileType.KEY, key.hex()));
    }

    @Override
    public synchronized Id changePassword(char[] newPassword, String username, String hostname, ScryptParams kdf)
            throws IOException {
        Id old = current;
        Id added = add(newPassword, username, hostname, kdf);
        current = added;
        storage.remove(Handle.of(FileType.KEY, old.hex()));
        return added;
    }

    private List<Id> ids() throws IOException {
        List<Id> ids = new ArrayList<>();
        storage.list(FileType.KEY, f -> {
            if (Id.isId(f.name())) {
                synchronized (ids) {
                    ids.add(Id.parse(f.name()));
                }
            }
        });
        return ids;
    }

    private KeyDocument load(Id id) throws IOException {
        return KeyCodec.decode(storage.load(Handle.of(FileType.KEY, id.hex())));
    }

    private void removeQuietly(Id id) {
        try {
            storage.remove(Handle.of(FileType.KEY, id.hex()));
        } catch (IOException ignored) {
            // reported by the caller's exception; the broken key file does no harm beyond a slower open
        }
    }
}
