package dev.cairn.snapshots.fs;

import dev.cairn.repository.Name;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;

/**
 * File names as the raw bytes the Linux kernel stores, which need not be valid UTF-8.
 *
 * <p>Java's {@code Path} API speaks {@code String}s, which lose bytes that are not valid UTF-8. The JDK's
 * {@code sun.nio.fs.UnixPath} keeps the raw bytes internally, so when the JVM runs with
 * {@code --add-opens=java.base/sun.nio.fs=ALL-UNNAMED} we read and build paths from bytes through it. Without that
 * flag we fall back to UTF-8 strings; {@link #exact()} tells which mode is active so callers can warn that names
 * with invalid UTF-8 will not round-trip. Linux (and other Unix JDKs using UnixPath) only.
 */
public final class RawPaths {

    private static final Access ACCESS = Access.probe();

    private RawPaths() {
    }

    /** Whether raw byte access works; if {@code false}, names are converted through UTF-8 strings. */
    public static boolean exact() {
        return ACCESS != null;
    }

    /** The raw bytes of the last element of {@code p}. */
    public static Name fileName(Path p) {
        Path name = p.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("path '" + p + "' has no file name (is it the root?)");
        }
        return Name.of(bytes(name));
    }

    /** The raw bytes of the whole path, as the kernel would receive them. */
    public static byte[] bytes(Path p) {
        if (ACCESS != null) {
            byte[] raw = ACCESS.bytes(p);
            if (raw != null) {
                return raw;
            }
        }
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A path made from raw bytes on the file system of {@code like}, not normalised (a symlink target such as
     * {@code ../x/} keeps its exact bytes). Public for the restorer, which creates symlinks with raw targets.
     */
    public static Path fromBytes(Path like, byte[] raw) {
        if (ACCESS != null) {
            Path p = ACCESS.path(like.getFileSystem(), raw);
            if (p != null) {
                return p;
            }
        }
        return like.getFileSystem().getPath(new String(raw, StandardCharsets.UTF_8));
    }

    /**
     * {@code dir} joined with the single element {@code child}. This is a security boundary for restore: a name
     * read from a repository must never escape its directory, so {@code .}, {@code ..}, the empty name and names
     * containing {@code /} or NUL are rejected with an {@link IllegalArgumentException}.
     */
    public static Path resolve(Path dir, Name child) {
        byte[] b = child.bytes();
        if (b.length == 0) {
            throw new IllegalArgumentException("empty file name in '" + dir + "' refused");
        }
        if ((b.length == 1 && b[0] == '.') || (b.length == 2 && b[0] == '.' && b[1] == '.')) {
            throw new IllegalArgumentException("file name '" + child + "' in '" + dir + "' refused: it would"
                    + " leave the directory");
        }
        for (byte c : b) {
            if (c == '/' || c == 0) {
                throw new IllegalArgumentException("file name '" + child + "' in '" + dir
                        + "' refused: it contains '/' or NUL");
            }
        }
        Path resolved = dir.resolve(fromBytes(dir, b));
        // Defence in depth: the fallback string path could normalise differently than the raw one.
        if (!dir.equals(resolved.getParent())) {
            throw new IllegalArgumentException("file name '" + child + "' does not stay inside '" + dir + "'");
        }
        return resolved;
    }

    /** Method handles into sun.nio.fs.UnixPath; {@code null} when the module is not opened to us. */
    private record Access(Class<?> unixPath, MethodHandle asByteArray, MethodHandle constructor) {

        static Access probe() {
            try {
                Class<?> cls = Class.forName("sun.nio.fs.UnixPath");
                Class<?> fsClass = Class.forName("sun.nio.fs.UnixFileSystem");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(cls, MethodHandles.lookup());
                MethodHandle asBytes = lookup.findVirtual(cls, "asByteArray", MethodType.methodType(byte[].class));
                MethodHandle ctor = lookup.findConstructor(cls,
                        MethodType.methodType(void.class, fsClass, byte[].class));
                Access access = new Access(cls, asBytes, ctor);
                // Prove the round trip once, so a half-working JDK falls back instead of corrupting names.
                Path probe = access.path(Path.of("/").getFileSystem(), new byte[] {'a', (byte) 0xff});
                byte[] back = probe == null ? null : access.bytes(probe);
                return back != null && back.length == 2 && back[1] == (byte) 0xff ? access : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        byte[] bytes(Path p) {
            if (!unixPath.isInstance(p)) {
                return null;
            }
            try {
                return ((byte[]) asByteArray.invoke(p)).clone();
            } catch (Throwable t) {
                return null;
            }
        }

        Path path(FileSystem fs, byte[] raw) {
            try {
                return (Path) constructor.invoke(fs, raw.clone());
            } catch (Throwable t) {
                return null;
            }
        }
    }
}
