package dev.cairn.engine.site;

import dev.cairn.engine.config.SecretRef;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns a {@link SecretRef} into the secret: the first line of a file, an environment variable, or the first line a
 * command prints. The value is returned to the caller only: it is never logged, never put into an exception
 * message, and never passed on a child process's command line (a command reference runs as written in cairn.yaml,
 * its output is the secret).
 */
public final class Secrets {

    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Map<String, String> env;

    /** @param env the process environment (for {@link SecretRef.Env}) */
    public Secrets(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * The secret {@code ref} names.
     *
     * @param what what the secret is for, for error messages, e.g. {@code "password of location 'local'"}
     * @throws SiteException when it cannot be read or is empty (the message names the reference, never a value)
     */
    public char[] resolve(SecretRef ref, String what) throws IOException {
        String value = switch (ref) {
            case SecretRef.File f -> fromFile(f, what);
            case SecretRef.Env e -> fromEnv(e, what);
            case SecretRef.Command c -> fromCommand(c, what);
        };
        if (value.isEmpty()) {
            throw new SiteException("the " + what + " (" + ref.describe() + ") is empty");
        }
        return value.toCharArray();
    }

    /** The secret as a string, for APIs that take one (a backend credential in an environment map). */
    public String resolveString(SecretRef ref, String what) throws IOException {
        return new String(resolve(ref, what));
    }

    private static String fromFile(SecretRef.File f, String what) throws IOException {
        try {
            return firstLine(Files.readString(f.path(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new SiteException("the " + what + " file " + f.path() + " does not exist");
        }
    }

    private String fromEnv(SecretRef.Env e, String what) {
        String v = env.get(e.variable());
        if (v == null) {
            throw new SiteException("the " + what + " comes from the environment variable " + e.variable()
                    + ", which is not set");
        }
        return v;
    }

    private static String fromCommand(SecretRef.Command c, String what) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", c.command())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(64 * 1024);
        }
        try {
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SiteException("the command for the " + what + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running the command for the " + what);
        }
        if (p.exitValue() != 0) {
            throw new SiteException("the command for the " + what + " exited with code " + p.exitValue());
        }
        return firstLine(new String(out, StandardCharsets.UTF_8));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).stripTrailing();
    }
}
