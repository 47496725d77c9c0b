package dev.cairn.storage.sftp;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import java.util.Set;

/**
 * The {@code sftp:} backend: {@code sftp:user@host:/path} or {@code sftp://user@host[:port]/path}. Options:
 * {@code sftp.identity=FILE}, {@code sftp.known-hosts=FILE}, {@code sftp.trust-on-first-use=true},
 * {@code sftp.connections=N}, {@code sftp.keep-alive=SECONDS}, {@code sftp.timeout=SECONDS}; a password comes only
 * from {@code CAIRN_SFTP_PASSWORD}. The connection is made on first use, so opening never blocks.
 */
public final class SftpStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("sftp");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        SftpUrl url = SftpUrl.parse(location.rest());
        SftpConfig config = SftpConfig.from(url, settings);
        String where = location.toString();
        return new SftpStorage(url, where, new SftpConnection(url, config, where), config.connections());
    }
}
