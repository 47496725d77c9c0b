package dev.cairn.snapshots.fs;

import dev.cairn.repository.Node;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the entries Java cannot create itself, as restic 0.14's {@code Node.CreateAt} does: fifos
 * ({@code mkfifo}), block and char devices ({@code mknod}, which needs root) with mode 0600 (the real mode is set
 * afterwards by {@link MetadataWriter}). Sockets are skipped silently: restic does not recreate them either, since
 * a socket only means something while its server runs. Files, dirs and symlinks are the restorer's business.
 *
 * <p>The entry is made under a temporary ASCII name and renamed into place, so names that are not valid UTF-8
 * survive (see {@link Programs}). Linux (GNU coreutils) only.
 */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    /**
     * Creates {@code p} as described by {@code node}.
     *
     * @throws FileAlreadyExistsException if something is already at {@code p}
     * @throws IOException if the program fails, e.g. {@code mknod} without root
     * @throws IllegalArgumentException for types other than fifo, dev, chardev and socket
     */
    public static void create(Path p, Node node) throws IOException {
        List<String> spec = switch (node.type()) {
            case SOCKET -> null;
            case FIFO -> List.of("p");
            case DEV -> List.of("b", Long.toUnsignedString(major(node.device())),
                    Long.toUnsignedString(minor(node.device())));
            case CHARDEV -> List.of("c", Long.toUnsignedString(major(node.device())),
                    Long.toUnsignedString(minor(node.device())));
            default -> throw new IllegalArgumentException("SpecialFiles cannot create '" + p + "' of type "
                    + node.type().jsonName() + "; the restorer creates files, dirs and symlinks itself");
        };
        if (spec == null) {
            return;
        }
        if (Programs.existsNoFollow(p)) {
            throw new FileAlreadyExistsException(p.toString(), null,
                    "cannot create " + node.type().jsonName() + ": something already exists there; remove it first");
        }
        Path parent = p.toAbsolutePath().getParent();
        String tmpName = Programs.tempName();
        Programs.inAsciiDir(parent, dir -> {
            String tmp = dir + "/" + tmpName;
            List<String> cmd = spec.get(0).equals("p")
                    ? List.of("mkfifo", "-m", "0600", "--", tmp)
                    : concat(List.of("mknod", "-m", "0600", "--", tmp), spec);
            Programs.run(cmd, p);
            return null;
        });
        Path tmp = parent.resolve(tmpName);
        try {
            Files.move(tmp, p);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** glibc's {@code gnu_dev_major}: the Linux dev_t encoding restic stores in {@code device}. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
    }

    /** glibc's {@code gnu_dev_minor}. */
    static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
