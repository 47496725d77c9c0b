package dev.cairn.snapshots.fs;

import dev.cairn.repository.Name;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;

/** A directory with one of every kind of entry the platform layer must handle. */
final class Fixture {

    static final Name BAD_UTF8 = Name.of(new byte[] {'b', 'a', 'd', (byte) 0xff, 'n', 'a', 'm', 'e'});
    static final Name UNICODE = Name.of("café ☕");

    private Fixture() {
    }

    static void build(Path root) throws IOException, InterruptedException {
        Files.writeString(root.resolve("file.txt"), "hello\n");
        Files.createFile(root.resolve("empty"));
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/inner"), "inner");
        Files.createSymbolicLink(root.resolve("rel-link"), Path.of("file.txt"));
        Files.createSymbolicLink(root.resolve("abs-link"), root.resolve("dir/inner").toAbsolutePath());
        Files.writeString(root.resolve("hard1"), "linked");
        Files.createLink(root.resolve("hard2"), root.resolve("hard1"));
        run("mkfifo", root.resolve("fifo").toString());
        Files.writeString(RawPaths.resolve(root, BAD_UTF8), "bad");
        Files.writeString(RawPaths.resolve(root, UNICODE), "unicode");
        Path suid = Files.writeString(root.resolve("suid"), "#!/bin/sh\n");
        Files.setAttribute(suid, "unix:mode", 04755);
        Path sticky = Files.createDirectory(root.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("sparse").toFile(), "rw")) {
            f.setLength(8 << 20);
            f.seek((8 << 20) - 4);
            f.write("end!".getBytes(StandardCharsets.US_ASCII));
        }
        Path x = Files.writeString(root.resolve("xattr"), "x");
        UserDefinedFileAttributeView v = Files.getFileAttributeView(x, UserDefinedFileAttributeView.class);
        if (v != null && Files.getFileStore(x).supportsFileAttributeView(UserDefinedFileAttributeView.class)) {
            v.write("cairn.test", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        if (ProcessIdentity.effectiveUid() == 0) {
            run("mknod", root.resolve("null-dev").toString(), "c", "1", "3");
        }
    }

    static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
