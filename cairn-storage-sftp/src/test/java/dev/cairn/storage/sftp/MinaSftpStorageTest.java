package dev.cairn.storage.sftp;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.testkit.StorageConformanceSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP backend passes the storage contract against an in-process MINA SSHD server (key authentication). */
class MinaSftpStorageTest extends StorageConformanceSuite {
    @TempDir
    static Path temp;

    private static MinaSftpServer server;
    private static Path home;
    private static final java.util.concurrent.atomic.AtomicInteger LOCATIONS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        home = temp.resolve("home");
        KeyPair client = SshKeys.ed25519();
        SshKeys.write(client, home.resolve(".ssh/id_ed25519"));
        Files.createDirectories(temp.resolve("served"));
        server = MinaSftpServer.start(temp.resolve("served"), client.getPublic(), null);
        Files.writeString(home.resolve(".ssh/known_hosts"), SshKeys.knownHostsLine(server.port(), server.hostKey())
                + "\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected Storage newStorage() throws Exception {
        // Default key and known_hosts from $HOME/.ssh: what a user without options gets.
        String url = "sftp://tester@127.0.0.1:" + server.port() + "//repo-" + LOCATIONS.getAndIncrement();
        Storage storage = new SftpStorageProvider().open(StorageLocation.parse(url),
                new StorageSettings(Map.of("HOME", home.toString()), Map.of("sftp.connections", "3")));
        storage.create();
        return storage;
    }
}
