package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged repository files seen through the CLI: what is reported, what still works, and the exit codes. */
class CorruptionCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path repo;
    Path source;
    Cli cli;

    @BeforeEach
    void twoSnapshots() throws Exception {
        repo = tmp.resolve("repo");
        source = tmp.resolve("src");
        Random random = new Random(99);
        Files.createDirectories(source.resolve("sub"));
        for (int i = 0; i < 12; i++) {
            byte[] content = new byte[700_000 + random.nextInt(900_000)];
            random.nextBytes(content);
            Files.write(source.resolve(i % 2 == 0 ? "sub" : ".").resolve("file" + i + ".bin"), content);
        }
        cli = Cli.forRepo(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        assertThat(cli.run("--pack-size", "4", "backup", source.toString()).exitCode()).isZero();
        Files.writeString(source.resolve("later.txt"), "added for the second snapshot\n");
        assertThat(cli.run("--pack-size", "4", "backup", source.toString()).exitCode()).isZero();
    }

    @Test
    void flippedPackByteIsReportedWithAffectedFilesAndRestoreSavesTheRest() throws Exception {
        Path pack = files("data").stream().max(Comparator.comparingLong(CorruptionCliTest::size)).orElseThrow();
        flip(pack, size(pack) / 2);

        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).isEqualTo(1);
        String packName = "data/" + pack.getParent().getFileName() + "/" + pack.getFileName();
        assertThat(check.stderr()).contains(packName).contains("cannot be restored completely");
        JsonNode json = JSON.readTree(cli.run("--json", "check", "--read-data").stdout());
        assertThat(json.get("damaged_packs").toString()).contains(pack.getFileName().toString());
        List<String> affected = new ArrayList<>();
        json.get("affected").elements().forEachRemaining(paths -> paths.forEach(p -> affected.add(p.asText())));
        assertThat(json.get("affected").size()).as("both snapshots share the damaged data").isEqualTo(2);
        assertThat(affected).isNotEmpty().allMatch(p -> p.startsWith(source.toString()));

        Path target = tmp.resolve("restored");
        Cli.Run restore = cli.run("restore", "latest", "--target", target.toString());
        assertThat(restore.exitCode()).as(restore.stderr()).isEqualTo(1);
        Path restoredSource = target.resolve(source.toString().substring(1));
        try (Stream<Path> all = Files.walk(source)) {
            for (Path original : all.filter(Files::isRegularFile).toList()) {
                Path copy = restoredSource.resolve(source.relativize(original).toString());
                if (affected.contains(original.toString())) {
                    assertThat(restore.stderr()).as("restore names what it could not restore")
                            .contains(original.toString());
                } else {
                    assertThat(Files.readAllBytes(copy)).as(original + " is unaffected")
                            .isEqualTo(Files.readAllBytes(original));
                }
            }
        }
    }

    @Test
    void damagedIndexIsNamedByEveryCommandThatLoadsIt() throws Exception {
        Path index = files("index").getFirst();
        flip(index, size(index) / 2);
        String name = "index/" + index.getFileName();
        for (String[] command : new String[][] {{"snapshots"}, {"ls", "latest"}, {"check"}}) {
            Cli.Run run = cli.run(command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(run.stdout() + run.stderr()).as(String.join(" ", command)).contains(name)
                    .doesNotContain("\tat ");
        }
    }

    /**
     * restic 0.14 lists the readable snapshots and warns about a damaged one (exit 0); Cairn does the same, and
     * {@code check} fails naming the file.
     */
    @Test
    void damagedSnapshotIsNamedByCheckAndTheOthersAreStillListed() throws Exception {
        JsonNode before = JSON.readTree(cli.run("--json", "snapshots").stdout());
        String damaged = before.get(0).get("id").asText();
        flip(repo.resolve("snapshots").resolve(damaged), 20);

        Cli.Run check = cli.run("check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout() + check.stderr()).contains("snapshots/" + damaged);

        Cli.Run list = cli.run("--json", "snapshots");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        JsonNode after = JSON.readTree(list.stdout());
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("id").asText()).isEqualTo(before.get(1).get("id").asText());
        assertThat(list.stderr()).contains("damaged snapshot snapshots/" + damaged);
    }

    private List<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.walk(repo.resolve(dir))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Inverts one byte in place (repository files are read-only: 0400). */
    static void flip(Path file, long offset) throws IOException {
        file.toFile().setWritable(true, true);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(~b & 0xff);
        }
    }
}
