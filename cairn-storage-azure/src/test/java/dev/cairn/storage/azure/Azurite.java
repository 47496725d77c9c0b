package dev.cairn.storage.azure;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Azure Blob service on loopback: Azurite (npm package {@code azurite}), found in
 * {@code .ci/node/node_modules/.bin} of the project or on PATH. Missing Azurite skips loudly, or fails under
 * CI=true. Always started with {@code --disableTelemetry} (without it, Azurite tries to reach the internet).
 */
public final class Azurite implements AutoCloseable {
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented development key (public, not a secret). */
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Finds Azurite or skips the test (fails under CI=true). */
    public static Path require() {
        Optional<Path> found = find();
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Azurite is required under CI=true but missing; install it with: "
                    + "npm install --prefix .ci/node azurite");
        }
        if (found.isEmpty()) {
            System.err.println("!!! SKIPPING Azure test: Azurite is missing (install it with: npm install --prefix "
                    + ".ci/node azurite) !!!");
        }
        assumeTrue(found.isPresent(), "Azurite missing");
        return found.get();
    }

    public static Azurite start(Path dir) throws IOException, InterruptedException {
        Path program = require();
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("azurite.log");
        Process process = new ProcessBuilder(program.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                Integer.toString(port), "--location", dir.resolve("data").toString(), "--skipApiVersionCheck",
                "--disableTelemetry", "--silent")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Azurite exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return new Azurite(process, port);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("Azurite did not listen on port " + port + " within 60 s: " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    private static Optional<Path> find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".ci/node/node_modules/.bin/azurite-blob");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "azurite-blob");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
