package dev.cairn.repository.chunker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.crypto.ResticCli;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backs up a file with the real restic 0.14 and checks its data blob IDs equal the SHA-256 of Cairn's chunks. */
class ResticChunkerInteropTest {

    @TempDir
    Path dir;

    @Test
    void chunksMatchResticBackupContent() throws Exception {
        ResticCli.requireRestic();
        ResticCli restic = new ResticCli(dir.resolve("repo"), "chunker-test");
        restic.init(dir);
        Polynomial pol = Polynomial.parse(ResticCli.chunkerPolynomial(restic.config(restic.masterKey())));

        long seed = System.nanoTime();
        byte[] data = new byte[12 * 1024 * 1024 + 12345];
        Random rnd = new Random(seed);
        rnd.nextBytes(data);
        // A 1.5 MiB zero run in the middle: exercises a MinSize cut in restic's own output too.
        java.util.Arrays.fill(data, 5 * 1024 * 1024, 5 * 1024 * 1024 + 3 * 512 * 1024, (byte) 0);
        Files.write(dir.resolve("data.bin"), data);
        restic.run(dir, "backup", "data.bin");

        String snapshots = restic.run(dir, "snapshots", "--json");
        String tree = ResticCli.field(snapshots, "\"tree\":\"([0-9a-f]{64})\"");
        String treeJson = restic.run(dir, "cat", "blob", tree);
        assertThat(treeJson).contains("\"name\":\"data.bin\"");
        List<String> resticContent = new ArrayList<>();
        Matcher m = Pattern.compile("[0-9a-f]{64}").matcher(ResticCli.field(treeJson, "\"content\":\\[([^\\]]*)\\]"));
        while (m.find()) {
            resticContent.add(m.group());
        }

        List<String> ours = new ArrayList<>();
        for (byte[] chunk : TestData.chunkAll(new Chunker(pol), new ByteArrayInputStream(data))) {
            ours.add(TestData.sha256Hex(chunk));
        }
        assertThat(ours).as("polynomial %s, seed %d", pol.hex(), seed).hasSizeGreaterThan(3)
                .isEqualTo(resticContent);
    }
}
