package dev.cairn.repository;

import dev.cairn.repository.codec.KeyCodec;
import dev.cairn.repository.codec.KeyDocument;
import dev.cairn.repository.codec.MasterKeyDocument;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.repository.crypto.Kdf;
import dev.cairn.repository.crypto.MasterKey;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * Key files: each wraps the repository's master key with a key derived from one password (scrypt). Several keys
 * may open the same repository.
 */
final class KeyStore {

    /** restic tries at most this many key files before giving up (internal/global/global.go). */
    static final int MAX_KEYS_TRIED = 20;

    private KeyStore() {
    }

    /** The master key and the ID of the key file that opened it. */
    record Opened(MasterKey masterKey, Id keyId) {
    }

    /** Creates a key file for {@code master} protected by {@code password}; returns its ID. */
    static Id add(Storage storage, MasterKey master, char[] password, ScryptParams params, String username,
            String hostname, Instant created, SecureRandom random) throws IOException {
        byte[] salt = new byte[64];
        random.nextBytes(salt);
        MasterKey userKey = Kdf.deriveUserKey(password, salt, params);
        byte[] masterJson = KeyCodec.encodeMasterKey(
                new MasterKeyDocument(master.encryptKey(), master.macK(), master.macR()));
        byte[] data = new Crypto(userKey, random).seal(masterJson);
        byte[] file = KeyCodec.encode(new KeyDocument(created, username, hostname, "scrypt", params.n(), params.r(),
                params.p(), salt, data));
        Id id = Id.hash(file);
        storage.save(Handle.of(FileType.KEY, id.hex()), ByteSource.of(file));
        return id;
    }

    /** Finds the key file that {@code password} opens. */
    static Opened open(Storage storage, char[] password) throws IOException {
        List<String> names = new ArrayList<>();
        storage.list(FileType.KEY, (FileInfo f) -> {
            if (Id.isId(f.name())) {
                names.add(f.name());
            }
        });
        names.sort(null);
        if (names.isEmpty()) {
            throw new RepositoryException.Corrupt(storage.location() + ": the repository has no key files");
        }
        List<String> damaged = new ArrayList<>();
        for (String name : names.subList(0, Math.min(names.size(), MAX_KEYS_TRIED))) {
            byte[] file = storage.load(Handle.of(FileType.KEY, name));
            MasterKey master;
            try {
                master = unwrap(KeyCodec.decode(file), password);
            } catch (IOException | RuntimeException e) {
                // A damaged or foreign key file (unparsable JSON, a salt of the wrong size, impossible scrypt
                // parameters) must not stop the other keys from opening the repository, as in restic.
                damaged.add(name.substring(0, 8) + " (" + e.getMessage() + ")");
                continue;
            }
            if (master != null) {
                return new Opened(master, Id.parse(name));
            }
        }
        throw new RepositoryException.WrongPassword("wrong password, or no key of " + storage.location()
                + " opens with it" + (damaged.isEmpty() ? "" : "; damaged key files: " + String.join(", ", damaged)));
    }

    /** The master key {@code key} wraps, or {@code null} when {@code password} does not open it. */
    static MasterKey unwrap(KeyDocument key, char[] password) throws IOException {
        if (!"scrypt".equals(key.kdf())) {
            return null;
        }
        MasterKey userKey = Kdf.deriveUserKey(password, key.salt(), new ScryptParams(key.n(), key.r(), key.p()));
        byte[] masterJson;
        try {
            masterJson = new Crypto(userKey, new SecureRandom()).open(key.data());
        } catch (AEADBadTagException wrongPassword) {
            return null;
        }
        MasterKeyDocument doc = KeyCodec.decodeMasterKey(masterJson);
        return MasterKey.of(doc.encrypt(), doc.macK(), doc.macR());
    }
}
