package dev.cairn.storage.ftp;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Plain FTP passes the storage contract against Apache FtpServer on loopback. */
class FtpStorageTest extends FtpSuite {

    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static FtpTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = FtpTestServer.start(home, work, FtpTestServer.Mode.PLAIN);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    FtpTestServer server() {
        return server;
    }

    @Override
    String scheme() {
        return "ftp";
    }
}
