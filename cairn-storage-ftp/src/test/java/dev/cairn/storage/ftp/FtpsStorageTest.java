package dev.cairn.storage.ftp;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** FTPS with explicit TLS (AUTH TLS, PBSZ 0, PROT P) passes the storage contract against Apache FtpServer on loopback. */
class FtpsStorageTest extends FtpSuite {

    @TempDir
    static Path home;
    @TempDir
    static Path work;

    private static FtpTestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = FtpTestServer.start(home, work, FtpTestServer.Mode.EXPLICIT_TLS);
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
        return "ftps";
    }
}
