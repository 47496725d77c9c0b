package dev.cairn.snapshots.restore;

import dev.cairn.repository.Name;
import dev.cairn.snapshots.fs.RawPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Random;

/** A directory with everything that is hard to restore, for the round trips through the real restic. */
final class TrickyTree {

    static final int BIG = 20 << 20;
    static final long SPARSE = 64L << 20;

    private TrickyTree() {
    }

    static void create(Path src, long seed) throws IOException, InterruptedException {
        Random rnd = new Random(seed);
        Files.createDirectories(src);
        Files.writeString(src.resolve("regular.txt"), "hello restore\n");
        Files.createFile(src.resolve("empty"));
        byte[] big = new byte[BIG];
        rnd.nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        try (FileChannel ch = FileChannel.open(src.resolve("sparse.img"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("start".getBytes()), 0);
            ch.write(ByteBuffer.wrap("middle".getBytes()), SPARSE / 2);
            ch.write(ByteBuffer.wrap("end".getBytes()), SPARSE - 3);
        }
        Files.createSymbolicLink(src.resolve("link-rel"), Path.of("regular.txt"));
        Files.createSymbolicLink(src.resolve("link-abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(src.resolve("link-dangling"), Path.of("../does/not/exist/"));
        Files.createDirectories(src.resolve("hard"));
        Files.writeString(src.resolve("hard/one"), "shared inode");
        Files.createLink(src.resolve("hard/two"), src.resolve("hard/one"));
        Files.createLink(src.resolve("hard-three"), src.resolve("hard/one"));
        new ProcessBuilder("mkfifo", src.resolve("fifo").toString()).start().waitFor();
        Files.writeString(src.resolve("ünïcødé-名前.txt"), "unicode");
        Path invalid = RawPaths.resolve(src, Name.of(new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe}));
        Files.writeString(invalid, "invalid utf-8 name");
        Path secret = Files.writeString(src.resolve("secret-0600"), "s");
        Files.setAttribute(secret, "unix:mode", 0600);
        Path suid = Files.writeString(src.resolve("suid-4755"), "#!/bin/sh\n");
        Files.setAttribute(suid, "unix:mode", 04755);
        Path sticky = Files.createDirectories(src.resolve("sticky-1777"));
        Files.writeString(sticky.resolve("inside"), "i");
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path deep = src;
        for (int i = 0; i < 25; i++) {
            deep = deep.resolve("level" + i);
        }
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("bottom.txt"), "deep");
        Instant t = Instant.parse("2020-02-29T12:34:56.987654321Z");
        Files.setLastModifiedTime(src.resolve("regular.txt"), FileTime.from(t));
        Files.setLastModifiedTime(src.resolve("big.bin"), FileTime.from(t.plusNanos(1)));
        Files.setLastModifiedTime(src.resolve("hard"), FileTime.from(t.minusSeconds(3600)));
        Files.setLastModifiedTime(deep, FileTime.from(t.plusSeconds(7)));
    }
}
