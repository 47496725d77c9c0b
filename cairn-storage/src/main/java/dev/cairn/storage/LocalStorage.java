package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A repository in a local directory, in restic's default layout ({@code internal/backend/layout/layout_default.go}):
 * {@code config}, {@code keys/<id>}, {@code snapshots/<id>}, {@code index/<id>}, {@code locks/<id>} and
 * {@code data/<id[0:2]>/<id>}. Saves follow restic's {@code local.go}: temp file {@code <name>-tmp-<random>} in the
 * target directory, fsync, atomic rename, fsync of the directory, then chmod 0400.
 */
final class LocalStorage implements Storage {
    static final String TEMP_MARKER = "-tmp-";

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path root;
    private final String location;
    private final boolean posix;

    LocalStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.location = "local:" + this.root;
        this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return 2;
    }

    @Override
    public void create() throws IOException {
        try {
            if (Files.exists(root.resolve("config"), LinkOption.NOFOLLOW_LINKS)) {
                throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                        + "location holds a repository; use it as it is or choose an empty directory", null);
            }
            mkdirs(root);
            for (FileType type : FileType.values()) {
                if (type != FileType.CONFIG) {
                    mkdirs(root.resolve(type.dirName()));
                }
            }
            Path data = root.resolve(FileType.PACK.dirName());
            for (int i = 0; i < 256; i++) {
                mkdirs(data.resolve(String.format("%02x", i)));
            }
        } catch (IOException e) {
            throw LocalErrors.classify(location, "create", "directories", e);
        }
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        Path target = path(handle);
        String file = relative(target);
        try {
            if (alreadySaved(target, file, content.length())) {
                return;
            }
            Path temp = writeTemp(target, file, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp, e);
                throw e;
            }
            syncDirectory(target.getParent());
            makeReadOnly(target);
        } catch (IOException e) {
            throw failure("save", file, e);
        }
    }

    /**
     * A file of the same size is taken as this very content saved before (names are content hashes, so a replayed
     * save after a lost reply is the usual cause); any other size means the name is taken by something else.
     */
    private boolean alreadySaved(Path target, String file, long length) throws IOException {
        long size;
        try {
            size = Files.size(target);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (size == length) {
            return true;
        }
        throw new StorageException.Permanent(location + ": save " + file + ": a file of " + size + " bytes exists "
                + "already and files are never overwritten (this save has " + length + " bytes); remove the old "
                + "file first if it is damaged", null);
    }

    private Path writeTemp(Path target, String file, ByteSource content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_MARKER + randomSuffix());
        try (FileChannel channel = createTemp(temp, file)) {
            copy(content, channel, file);
            channel.force(true);
            return temp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /** Removes a failed save's temp file; a failure to do so is kept with the error that caused the cleanup. */
    private static void deleteQuietly(Path temp, Exception cause) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private FileChannel createTemp(Path temp, String file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return FileChannel.open(temp, options, fileMode());
        } catch (NoSuchFileException e) {
            // Like restic: a missing type or data/xx directory is made on demand (the root must exist).
            requireRoot("save", file, e);
            mkdirs(temp.getParent());
            return FileChannel.open(temp, options, fileMode());
        }
    }

    private void copy(ByteSource content, FileChannel channel, String file) throws IOException {
        long written = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = content.open()) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw sourceFailed(file, e);
                }
                if (n < 0) {
                    break;
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
                written += n;
            }
        }
        if (written != content.length()) {
            throw new StorageException.Permanent(location + ": save " + file + ": the content to save gave "
                    + written + " bytes but announced " + content.length() + "; nothing was saved", null);
        }
    }

    private StorageException sourceFailed(String file, IOException e) {
        // The caller's content failed, not this storage: retrying the storage cannot help, so it is Permanent.
        return new StorageException.Permanent(location + ": save " + file + ": reading the content to save failed: "
                + e.getMessage() + "; nothing was saved", e);
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        Path path = path(handle);
        String file = relative(path);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                channel.position(offset);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new LimitedInputStream(Channels.newInputStream(channel), length < 0 ? Long.MAX_VALUE : length,
                    e -> LocalErrors.classify(location, "read", file, e));
        } catch (IOException e) {
            throw failure("open", file, e);
        }
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        Path path = path(handle);
        String file = relative(path);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new StorageException.NotFound(location + ": stat " + file + ": not a regular file");
            }
            return new FileInfo(handle.name(), attributes.size());
        } catch (IOException e) {
            throw failure("stat", file, e);
        }
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        String what = type.dirName();
        try {
            requireRoot("list", what, null);
            if (type == FileType.CONFIG) {
                listFile(root.resolve("config"), each);
            } else if (type == FileType.PACK) {
                try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root.resolve(what))) {
                    for (Path prefix : prefixes) {
                        if (Files.isDirectory(prefix, LinkOption.NOFOLLOW_LINKS)) {
                            listDirectory(prefix, each);
                        }
                    }
                } catch (NoSuchFileException e) {
                    // No data directory: no packs, as in restic.
                }
            } else {
                listDirectory(root.resolve(what), each);
            }
        } catch (DirectoryIteratorException e) {
            throw failure("list", what, e.getCause());
        } catch (IOException e) {
            throw failure("list", what, e);
        }
    }

    private void listDirectory(Path dir, Consumer<FileInfo> each) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (!file.getFileName().toString().contains(TEMP_MARKER)) {
                    listFile(file, each);
                }
            }
        } catch (NoSuchFileException e) {
            // A missing (or concurrently removed) directory holds no files.
        }
    }

    private static void listFile(Path file, Consumer<FileInfo> each) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return; // removed while listing
        }
        if (attributes.isRegularFile()) {
            each.accept(new FileInfo(file.getFileName().toString(), attributes.size()));
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        Path path = path(handle);
        String file = relative(path);
        try {
            // Deleting needs write permission on the directory only, so the file's mode 0400 does not matter.
            Files.delete(path);
        } catch (IOException e) {
            throw failure("remove", file, e);
        }
    }

    @Override
    public void deleteEmptyLocation() throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new StorageException.Permanent(location + ": delete location: " + relative(p)
                            + " is still there; only an empty location is deleted", null);
                }
                dirs.add(p);
            }
        } catch (IOException e) {
            throw failure("delete location", "directories", e);
        }
        try {
            for (int i = dirs.size() - 1; i >= 0; i--) {
                Files.delete(dirs.get(i)); // deepest first: walk lists a directory before its contents
            }
        } catch (IOException e) {
            throw failure("delete location", "directories", e);
        }
    }

    @Override
    public void close() {
        // Nothing is held open between operations.
    }

    @Override
    public String toString() {
        return location;
    }

    Path path(Handle handle) throws StorageException {
        if (handle.name().contains(TEMP_MARKER)) {
            throw new StorageException.Permanent(location + ": " + handle + ": names containing '" + TEMP_MARKER
                    + "' are reserved for temporary files", null);
        }
        return root.resolve(handle.layoutPath());
    }

    private String relative(Path path) {
        return root.relativize(path).toString();
    }

    private StorageException failure(String op, String file, IOException e) {
        if (e instanceof NoSuchFileException && !Files.isDirectory(root)) {
            return missingRoot(op, file, e);
        }
        return LocalErrors.classify(location, op, file, e);
    }

    private void requireRoot(String op, String file, IOException cause) throws StorageException {
        if (!Files.isDirectory(root)) {
            throw missingRoot(op, file, cause);
        }
    }

    private StorageException missingRoot(String op, String file, IOException cause) {
        return new StorageException.NotFound(location + ": " + op + " " + file + ": the repository location "
                + root + " does not exist; check the path, or initialise a repository there first", cause);
    }

    private void mkdirs(Path dir) throws IOException {
        if (posix) {
            Files.createDirectories(dir, mode("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** restic's modes: 0600 while writing (0400 once saved). */
    private FileAttribute<?>[] fileMode() {
        return posix ? new FileAttribute<?>[] {mode("rw-------")} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?> mode(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** restic's setFileReadonly: guards against accidental edits; file systems that refuse chmod are fine. */
    private void makeReadOnly(Path file) throws IOException {
        if (!posix) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // As restic: some file systems (exFAT, some network mounts) reject chmod; the file is saved regardless.
        }
    }

    private static String randomSuffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }
}
