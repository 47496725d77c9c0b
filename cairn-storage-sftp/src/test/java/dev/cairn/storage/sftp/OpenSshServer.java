package dev.cairn.storage.sftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server ({@code /usr/sbin/sshd}) on 127.0.0.1 with its own host key, config and authorized_keys,
 * for the current user, key authentication only, sftp by {@code internal-sftp}. Tests call {@link #require()}
 * first: a missing sshd skips loudly (or fails under CI=true).
 */
public final class OpenSshServer implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final PublicKey hostKey;

    private OpenSshServer(Process process, int port, PublicKey hostKey) {
        this.process = process;
        this.port = port;
        this.hostKey = hostKey;
    }

    public static void require() {
        ExternalTools.require(Files.isExecutable(SSHD), "OpenSSH server (" + SSHD + ")",
                "apt-get install openssh-server");
    }

    /** Starts sshd with files under {@code dir}, accepting {@code clientKey} for the current user. */
    public static OpenSshServer start(Path dir, PublicKey clientKey) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        KeyPair hostKey = SshKeys.ed25519();
        Path hostKeyFile = SshKeys.write(hostKey, dir.resolve("ssh_host_ed25519_key"));
        Files.writeString(dir.resolve("authorized_keys"), SshKeys.publicLine(clientKey) + "\n");
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKeyFile,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp",
                "LogLevel ERROR",
                ""), StandardCharsets.US_ASCII);
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
        }
        Path log = dir.resolve("sshd.log");
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        awaitPort(process, port, log);
        return new OpenSshServer(process, port, hostKey.getPublic());
    }

    public int port() {
        return port;
    }

    public PublicKey hostKey() {
        return hostKey;
    }

    public static String user() {
        return System.getProperty("user.name");
    }

    private static void awaitPort(Process process, int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sshd exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("sshd did not listen on port " + port + " within 20 s: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
