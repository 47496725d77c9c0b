package dev.cairn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** A small folder of random files that changes between backups (some replaced, some deleted, some added). */
final class EvolvingTree {

    private final Path root;
    private final Random random;
    private int next;

    EvolvingTree(Path root, long seed) throws IOException {
        this.root = Files.createDirectories(root);
        this.random = new Random(seed);
        for (int i = 0; i < 24; i++) {
            add();
        }
    }

    Path root() {
        return root;
    }

    /** One "day" of changes: about a quarter of the files replaced, a few deleted, a few added. */
    void evolve() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            int roll = random.nextInt(8);
            if (roll < 2) {
                write(f);
            } else if (roll == 2) {
                Files.delete(f);
            }
        }
        for (int i = 0; i < 4; i++) {
            add();
        }
    }

    private void add() throws IOException {
        write(root.resolve("file-" + (next++) + ".bin"));
    }

    private void write(Path f) throws IOException {
        byte[] b = new byte[30_000 + random.nextInt(400_000)];
        random.nextBytes(b);
        Files.write(f, b);
    }
}
