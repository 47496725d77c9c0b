package dev.cairn.repository;

import dev.cairn.repository.chunker.Polynomial;
import dev.cairn.repository.codec.ConfigCodec;
import dev.cairn.repository.codec.RepoConfig;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.repository.crypto.MasterKey;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;

/** Creates and opens repositories. */
public final class Repositories {

    private Repositories() {
    }

    /**
     * Creates a new repository (format version 2) on {@code storage}: a random master key protected by
     * {@code password}, a random chunker polynomial and repository ID. Fails if a repository exists there.
     */
    public static Repository init(Storage storage, char[] password, RepositoryOptions options) throws IOException {
        return init(storage, password, options, ScryptParams.DEFAULT);
    }

    /** As {@link #init(Storage, char[], RepositoryOptions)}, with explicit scrypt parameters (tests use cheap ones). */
    public static Repository init(Storage storage, char[] password, RepositoryOptions options, ScryptParams kdf)
            throws IOException {
        return init(storage, password, options, InitOptions.defaults().withKdf(kdf));
    }

    /**
     * As {@link #init(Storage, char[], RepositoryOptions)}, with the key's scrypt parameters and, optionally, the
     * chunker polynomial of another repository (so that copies between the two deduplicate).
     */
    public static Repository init(Storage storage, char[] password, RepositoryOptions options, InitOptions init)
            throws IOException {
        ScryptParams kdf = init.kdf();
        if (exists(storage)) {
            throw new StorageException.Permanent(storage.location() + ": a repository already exists here", null);
        }
        storage.create();
        MasterKey master = MasterKey.random(options.random());
        byte[] idBytes = new byte[32];
        options.random().nextBytes(idBytes);
        String polynomial = init.chunkerPolynomial() != null ? init.chunkerPolynomial()
                : Polynomial.random(options.random()).hex();
        RepoConfig config = new RepoConfig(2, HexFormat.of().formatHex(idBytes), polynomial);
        Crypto crypto = new Crypto(master, options.random());
        // Key first, config last: a repository without a config does not exist yet, so a crash leaves nothing
        // that looks like a repository without a way to open it.
        Id key = KeyStore.add(storage, master, password, kdf, options.username(), options.hostname(),
                options.clock().instant(), options.random());
        storage.save(Handle.config(), ByteSource.of(crypto.seal(ConfigCodec.encode(config))));
        return DefaultRepository.open(storage, crypto, config, options, new KeyRing(storage, master, key, options),
                true);
    }

    /** Opens the repository on {@code storage} with {@code password} and loads its index. */
    public static Repository open(Storage storage, char[] password, RepositoryOptions options) throws IOException {
        return open(storage, password, options, true);
    }

    /**
     * Opens the repository without loading its index, for {@link Repair#rebuildIndex} when index files may be
     * damaged (a normal open fails on them). Until the index is rebuilt, the repository knows no blobs.
     */
    public static Repository openWithoutIndex(Storage storage, char[] password, RepositoryOptions options)
            throws IOException {
        return open(storage, password, options, false);
    }

    private static Repository open(Storage storage, char[] password, RepositoryOptions options, boolean loadIndex)
            throws IOException {
        if (!exists(storage)) {
            throw new RepositoryException.NoRepository(storage.location()
                    + ": no repository here (no config file); create one with 'cairn init'", null);
        }
        KeyStore.Opened opened = KeyStore.open(storage, password);
        Crypto crypto = new Crypto(opened.masterKey(), options.random());
        byte[] sealed = storage.load(Handle.config());
        RepoConfig config;
        try {
            config = ConfigCodec.decode(crypto.open(sealed));
        } catch (AEADBadTagException e) {
            throw new RepositoryException.Corrupt(storage.location() + ": config: authentication failed "
                    + "(the file is damaged or belongs to another repository)", e);
        }
        KeyRing keys = new KeyRing(storage, opened.masterKey(), opened.keyId(), options);
        return DefaultRepository.open(storage, crypto, config, options, keys, loadIndex);
    }

    /** Whether a repository (a config file) exists on {@code storage}. */
    public static boolean exists(Storage storage) throws IOException {
        try {
            storage.stat(Handle.config());
            return true;
        } catch (StorageException.NotFound e) {
            return false;
        }
    }
}
