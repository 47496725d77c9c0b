package dev.cairn.sources.db;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private temporary folder (mode 0700: dumps are confidential) for copies that cannot be streamed, deleted with
 * everything in it on {@link #close()}.
 */
public final class TempFiles implements AutoCloseable {

    private final Path dir;

    private TempFiles(Path dir) {
        this.dir = dir;
    }

    public static TempFiles create(Path parent, String prefix) throws DatabaseException {
        try {
            Files.createDirectories(parent);
            return new TempFiles(Files.createTempDirectory(parent, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new DatabaseException("cannot create a temporary folder in " + parent + " (" + e.getMessage()
                    + "); set TMPDIR to a writable folder with enough space", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Every regular file below {@code root}, sorted, with size and SHA-256, named {@code prefix/relative}. */
    public static List<Manifest.DumpFile> describeTree(String prefix, Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Manifest.DumpFile> out = new ArrayList<>();
        for (Path f : files) {
            out.add(HashingInputStream.file(prefix + "/" + root.relativize(f), f));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover private folder in the temp dir is harmless and named cairn-*
        }
    }
}
