package dev.cairn.storage.ftp;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code ftp://user@host[:port]/path} and {@code ftps://…} (explicit TLS, or implicit with
 * {@code -o ftp.implicit-tls=true}). Options: {@code ftp.connections} (default 3), {@code ftp.timeout} (seconds,
 * default 60), {@code ftp.netrc}, {@code ftp.trust-store} (PKCS#12 file of trusted certificates) and
 * {@code ftp.trust-store-password}.
 */
public final class FtpStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("ftp", "ftps");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) throws IOException {
        FtpTarget target = FtpTarget.parse(location.scheme(), location.rest(), settings);
        int connections = settings.intOption("ftp.connections", 3, 1, 32);
        Duration timeout = Duration.ofSeconds(settings.intOption("ftp.timeout", 60, 1, 3600));
        Path trustStore = settings.option("ftp.trust-store").map(Path::of).orElse(null);
        String shown = target.location();
        FtpPool pool = new FtpPool(target, shown, connections, timeout, trustStore,
                settings.option("ftp.trust-store-password").orElse(null));
        return new FtpStorage(shown, target.path(), pool, connections);
    }
}
