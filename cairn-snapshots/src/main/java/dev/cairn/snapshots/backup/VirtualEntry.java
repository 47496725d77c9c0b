package dev.cairn.snapshots.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Something stored in a snapshot at a path of the caller's choosing rather than at its own place on disk: a stream
 * (a database dump read from a child process, a manifest written at the end) or a real file or directory stored
 * under another name (a temporary copy). Virtual entries and real backup targets go into one snapshot with
 * {@link Archiver#backup(List, List)}.
 *
 * <p>Paths are absolute and slash-separated, e.g. {@code /database/app/app.dump}; {@code .}, {@code ..} and empty
 * components are rejected. Directories above a virtual entry that are not also directories above a real target
 * are created in the snapshot with mode 0700 and the snapshot's time, because database dumps are confidential:
 * a plain {@code restic restore} must not leave them readable by everyone.
 */
public sealed interface VirtualEntry {

    /** Where the entry appears in the snapshot. */
    String path();

    /** Opens the content of a stream entry. The archiver reads the stream to its end and then closes it. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * A file whose content is read from a stream. Stream entries are opened and read to their end one after
     * another, in the order given to the archiver, on the thread that called it, after real targets have been
     * queued; so a later entry (a manifest) may describe what earlier ones (dumps) produced. Any
     * {@link IOException} while opening, reading or closing fails the whole backup: no snapshot is written. The
     * file is stored with mode 0600, the snapshot's time and this process's uid and gid.
     */
    record Stream(String path, Opener content) implements VirtualEntry {
        public Stream {
            path = clean(path);
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * A real file or directory (and everything below it) stored under {@link #path()} with its own metadata except
     * its name. The backup's exclude rules and {@code --one-file-system} do not apply to it: it is the caller's own
     * data; only its own {@code excludes} (matched against the real paths below {@code source}) do, e.g. a site's
     * media tree patterns. It must exist when the backup starts.
     *
     * @param excludes rules for the entries below {@code source}, or {@code null} for everything
     */
    record Copy(String path, Path source, dev.cairn.snapshots.fs.ExcludeRules excludes) implements VirtualEntry {
        public Copy {
            path = clean(path);
            source = source.toAbsolutePath().normalize();
        }

        public Copy(String path, Path source) {
            this(path, source, null);
        }
    }

    static VirtualEntry stream(String path, Opener content) {
        return new Stream(path, content);
    }

    static VirtualEntry copy(String path, Path source) {
        return new Copy(path, source);
    }

    /** A copy of {@code source} without what {@code excludes} matches (a media tree with its patterns). */
    static VirtualEntry copy(String path, Path source, dev.cairn.snapshots.fs.ExcludeRules excludes) {
        return new Copy(path, source, excludes);
    }

    /** The components of a snapshot path, validated. */
    static List<String> components(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("virtual entry paths must be absolute, got '" + path + "'");
        }
        List<String> parts = new ArrayList<>();
        for (String c : path.substring(1).split("/", -1)) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid virtual entry path '" + path
                        + "': components must be non-empty names other than '.' and '..'");
            }
            parts.add(c);
        }
        return parts;
    }

    private static String clean(String path) {
        return "/" + String.join("/", components(path));
    }
}
