package dev.cairn.snapshots.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs the coreutils programs ({@code mkfifo}, {@code mknod}, {@code touch}) for the few operations the JDK cannot
 * do without opening the file (which blocks on a fifo and can trigger a device driver).
 *
 * <p>Process arguments are Java strings, converted with the platform encoding, so a raw non-ASCII name could be
 * mangled on the way. We therefore hand programs only ASCII paths: the entry's directory is reached through an
 * ASCII symlink in a private temp dir (the kernel follows the link's raw bytes), and a non-ASCII entry name is
 * temporarily renamed to an ASCII one. Renaming changes the ctime of the entry and the mtime of its directory,
 * which the restorer fixes by applying directory metadata last.
 */
final class Programs {

    private Programs() {
    }

    /** Runs {@code command} and fails with its output if it does not exit with 0. */
    static void run(List<String> command, Path about) throws IOException {
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = proc.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        int rc;
        try {
            rc = proc.waitFor();
        } catch (InterruptedException e) {
            proc.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0) + " for '" + about + "'", e);
        }
        if (rc != 0) {
            throw new IOException(command.get(0) + " failed for '" + about + "' (exit " + rc + "): " + out);
        }
    }

    /**
     * Calls {@code action} with the name of a directory (ASCII) that is {@code dir}: {@code dir} itself when its
     * path is ASCII, else a symlink to it in a fresh temp dir, removed afterwards.
     */
    static <T> T inAsciiDir(Path dir, IOFunction<String, T> action) throws IOException {
        Path abs = dir.toAbsolutePath();
        byte[] raw = RawPaths.bytes(abs);
        if (isAscii(raw)) {
            return action.apply(abs.toString());
        }
        Path tmp = Files.createTempDirectory("cairn-fs-");
        Path link = tmp.resolve("d");
        try {
            Files.createSymbolicLink(link, abs);
            return action.apply(link.toString());
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Calls {@code action} with an ASCII path naming the existing entry {@code p}, renaming it for the duration if
     * its own name is not ASCII.
     */
    static void onExisting(Path p, Function<String, List<String>> command) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        byte[] name = RawPaths.fileName(p).bytes();
        if (isAscii(name) && name[0] != '-') {
            inAsciiDir(parent, d -> {
                run(argv(command, d + "/" + new String(name, StandardCharsets.US_ASCII)), p);
                return null;
            });
            return;
        }
        Path tmp = parent.resolve(tempName());
        Files.move(p, tmp);
        try {
            inAsciiDir(parent, d -> {
                run(argv(command, d + "/" + tmp.getFileName()), p);
                return null;
            });
        } finally {
            Files.move(tmp, p);
        }
    }

    /** A fresh ASCII name for a short-lived entry next to the real one. */
    static String tempName() {
        return ".cairn-tmp-" + UUID.randomUUID();
    }

    static boolean existsNoFollow(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static List<String> argv(Function<String, List<String>> command, String path) {
        return new ArrayList<>(command.apply(path));
    }

    private static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0x20 || b == 0x7f) { // negative bytes are >= 0x80
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    interface IOFunction<A, R> {
        R apply(A a) throws IOException;
    }
}
