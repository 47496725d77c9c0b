package dev.cairn.storage.ftp;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.testkit.StorageConformanceSuite;
import java.util.Map;

/** The storage contract over one of the test FTP servers; subclasses start the server (plain, explicit or implicit TLS). */
abstract class FtpSuite extends StorageConformanceSuite {

    private int locations;

    abstract FtpTestServer server();

    abstract String scheme();

    Map<String, String> options() {
        Map<String, String> options = new java.util.HashMap<>();
        // Six connections: FtpServer answers every TLS data transfer ~40 ms late (Nagle on its data sockets).
        options.put("ftp.connections", "6");
        if (server().trustStore() != null) {
            options.put("ftp.trust-store", server().trustStore().toString());
            options.put("ftp.trust-store-password", FtpTestServer.STORE_PASSWORD);
        }
        return options;
    }

    @Override
    protected Storage newStorage() throws Exception {
        String url = scheme() + "://" + FtpTestServer.USER + "@127.0.0.1:" + server().port() + "/sites/repo-"
                + System.identityHashCode(this) + "-" + locations++;
        Storage storage = StorageLocations.openRaw(StorageLocation.parse(url), new StorageSettings(
                Map.of("CAIRN_FTP_PASSWORD", FtpTestServer.PASSWORD), options()));
        storage.create();
        return storage;
    }

    @Override
    protected long largeFileSize() {
        return 16L << 20;
    }
}
