package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {

    @Test
    void trainingRunsEveryCommandSuccessfully(@TempDir Path dir) throws Exception {
        // The launcher keeps a cache only when the training exits 0; a command that started failing would silently
        // cost every later run its start-up cache.
        assertThat(AotTraining.train(dir)).isZero();
        assertThat(dir.resolve("restore")).isDirectory();
        try (var files = Files.walk(dir.resolve("restore"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("big.bin")).findFirst())
                    .hasValueSatisfying(p -> assertThat(p).hasSize(3 << 20));
        }
    }
}
