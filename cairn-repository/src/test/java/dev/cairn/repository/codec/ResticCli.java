package dev.cairn.repository.codec;

import static org.assertj.core.api.Assertions.fail;

import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs the real restic binary against one repository, in UTC so that restic writes times with {@code Z}. */
final class ResticCli {

    static final String PASSWORD = "cairn-interop";

    private final Path repo;
    private final Path work;

    ResticCli(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
    }

    static void requireRestic() {
        Restic.require();
    }

    byte[] run(String... args) throws IOException, InterruptedException {
        List<String> quiet = new ArrayList<>(List.of("--quiet"));
        quiet.addAll(List.of(args));
        return new Restic(repo, PASSWORD).in(work).withEnv(Map.of("HOME", work.toString()))
                .okBytes(quiet.toArray(String[]::new));
    }

    /** Runs a shell script (for file names Java cannot express, such as invalid UTF-8) in the work directory. */
    byte[] shell(String script) throws IOException, InterruptedException {
        return exec(List.of("/bin/bash", "-euc", script));
    }

    private byte[] exec(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.put("TZ", "UTC");
        env.put("RESTIC_PASSWORD", PASSWORD);
        env.put("RESTIC_REPOSITORY", repo.toString());
        env.put("HOME", work.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return e.toString().getBytes();
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        if (rc != 0) {
            fail(String.join(" ", cmd) + " exited " + rc + ": " + new String(err.join()));
        }
        return out;
    }

    /** Removes JSON whitespace outside strings: turns restic's MarshalIndent output into Marshal output. */
    static byte[] compact(byte[] json) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(json.length);
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                out.write(b);
                if (b == '\\') {
                    out.write(json[++i]);
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b != ' ' && b != '\n' && b != '\t' && b != '\r') {
                out.write(b);
                inString = b == '"';
            }
        }
        return out.toByteArray();
    }
}
