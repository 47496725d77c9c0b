package dev.cairn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's ahead-of-time cache (JDK 25+, {@code -XX:AOTCacheOutput}): runs the
 * everyday commands once, in one JVM, on a small throw-away repository, so the JVM records which classes they load
 * and link and how their hot methods behave. Later runs map that cache instead of parsing, verifying and linking
 * some 3000 classes again (measured: about a fifth of the CPU time of a short command such as {@code snapshots}).
 *
 * <p>Not a user command: {@code ./cairn} starts it after each build. Output is discarded; any failure only means no
 * cache (exit code 1), never a broken launcher.
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("cairn-aot-training");
        int code;
        try {
            code = train(dir);
        } finally {
            deleteTree(dir);
        }
        System.exit(code);
    }

    static int train(Path dir) throws IOException {
        Path data = dir.resolve("data");
        writeTree(data);
        Path password = dir.resolve("password");
        Files.writeString(password, "aot-training\n");
        String repo = dir.resolve("repo").toString();
        Path target = dir.resolve("restore");
        List<List<String>> commands = List.of(
                List.of("init"),
                List.of("backup", data.toString()),
                List.of("backup", data.toString()),
                List.of("snapshots"),
                List.of("ls", "latest"),
                List.of("restore", "latest", "--target", target.toString()),
                List.of("check", "--read-data"),
                // last: prune rewrites the repository; its tree scan, planning and repacking are trained too
                List.of("forget", "--keep-last", "1"),
                List.of("prune", "--max-unused", "0"));
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        // No CAIRN_*/RESTIC_* variables: the user's repository settings must not leak into the training run.
        CliEnvironment env = new CliEnvironment(Map.of(), InputStream.nullInputStream(), discard, discard, false,
                DefaultZoneClock.start());
        for (List<String> command : commands) {
            String[] args = Stream.concat(Stream.of("-r", repo, "--password-file", password.toString()),
                    command.stream()).toArray(String[]::new);
            int code = Main.commandLine(env, args).execute(args);
            if (code != ExitCodes.OK) {
                System.err.println("AOT training: 'cairn " + String.join(" ", command) + "' exited with " + code);
                return 1;
            }
        }
        return 0;
    }

    /** A few MB: incompressible and compressible files, one over the chunker's minimum, small files, a symlink. */
    private static void writeTree(Path data) throws IOException {
        Random random = new Random(1);
        Files.createDirectories(data.resolve("media"));
        Files.createDirectories(data.resolve("text/sub"));
        byte[] big = new byte[3 << 20];
        random.nextBytes(big);
        Files.write(data.resolve("media/big.bin"), big);
        for (int i = 0; i < 20; i++) {
            byte[] small = new byte[random.nextInt(64 << 10)];
            random.nextBytes(small);
            Files.write(data.resolve("media/img" + i + ".jpg"), small);
            String text = ("line " + i + " of some compressible text\n").repeat(200 + 50 * i);
            Files.writeString(data.resolve((i % 2 == 0 ? "text/" : "text/sub/") + "page" + i + ".html"), text);
        }
        Files.createFile(data.resolve("text/empty"));
        Files.createSymbolicLink(data.resolve("text/link"), Path.of("page0.html"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
