package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcludeRulesTest {

    @TempDir
    Path tmp;

    @Test
    void excludeIsCaseSensitiveAndIexcludeIsNot() {
        ExcludeRules rules = ExcludeRules.builder().exclude("*.tmp").iexclude("*.BAK").iexclude("/Data/Cache")
                .build();
        assertThat(rules.excludedByName(Path.of("/srv/a.tmp"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/srv/a.TMP"))).isFalse();
        assertThat(rules.excludedByName(Path.of("/srv/a.bak"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/srv/a.Bak"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/DATA/cache/x"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/srv/a.txt"))).isFalse();
    }

    @Test
    void negationIsEvaluatedWithinOneFlagFamily() {
        ExcludeRules rules = ExcludeRules.builder().exclude("/srv/*").exclude("!/srv/keep").build();
        assertThat(rules.excludedByName(Path.of("/srv/drop"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/srv/keep"))).isFalse();
        assertThat(rules.excludedByName(Path.of("/srv/keep/inner"))).isFalse();
    }

    @Test
    void excludeFileSkipsCommentsAndBlanksAndExpandsVariables() throws IOException {
        Path file = tmp.resolve("excludes");
        Files.write(file, ("\uFEFF# a comment\r\n\n  $HOME/cache  \n${PROJECT}/*.log\nprice$$\n$UNSET/x\n"
                + "  # indented comment\nlast").getBytes(StandardCharsets.UTF_8));
        List<String> got = ExcludeFiles.read(file, Map.of("HOME", "/home/u", "PROJECT", "/p")).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        assertThat(got).containsExactly("/home/u/cache", "/p/*.log", "price$", "/x", "last");

        ExcludeRules rules = ExcludeRules.builder().excludeFile(file, Map.of("HOME", "/home/u")).build();
        assertThat(rules.excludedByName(Path.of("/home/u/cache/blob"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/srv/last"))).isTrue();
        assertThat(rules.excludedByName(Path.of("/srv/first"))).isFalse();
    }

    @Test
    void goExpandEdgeCases() {
        Map<String, String> env = Map.of("A", "1", "AB", "2", "1", "one");
        assertThat(expand("$A$AB${A}B", env)).isEqualTo("121B");
        assertThat(expand("${A}B", env)).isEqualTo("1B");
        assertThat(expand("x$", env)).isEqualTo("x$");
        assertThat(expand("a${}b", env)).isEqualTo("ab");
        assertThat(expand("a${b", env)).isEqualTo("ab");
        assertThat(expand("$1x", env)).isEqualTo("onex");
        assertThat(expand("$-x", env)).isEqualTo("x");
        assertThat(expand("a $ b", env)).isEqualTo("a $ b");
    }

    private static String expand(String s, Map<String, String> env) {
        return new String(GoText.expand(s.getBytes(StandardCharsets.UTF_8), n -> env.getOrDefault(n, "")),
                StandardCharsets.UTF_8);
    }

    @Test
    void iexcludeFileLowersItsPatterns() throws IOException {
        Path file = tmp.resolve("iexcludes");
        Files.writeString(file, "*.JPG\n");
        ExcludeRules rules = ExcludeRules.builder().iexcludeFile(file, Map.of()).build();
        assertThat(rules.excludedByName(Path.of("/p/Photo.jpg"))).isTrue();
    }

    @Test
    void excludeIfPresentDropsTheContentsButKeepsTheDirAndTheTag() throws IOException {
        Path tagged = Files.createDirectories(tmp.resolve("tagged"));
        Files.writeString(tagged.resolve(".nobackup"), "");
        Files.writeString(tagged.resolve("data"), "x");
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        ExcludeRules rules = ExcludeRules.builder().excludeIfPresent(".nobackup").build();
        assertThat(rules.excludedByName(tagged)).isFalse();
        assertThat(rules.excludedByName(tagged.resolve(".nobackup"))).isFalse();
        assertThat(rules.excludedByName(tagged.resolve("data"))).isTrue();
        assertThat(rules.excludedByName(plain.resolve("data"))).isFalse();
    }

    @Test
    void excludeCachesChecksTheSignature() throws IOException {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(cache.resolve("CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n# tag");
        Path fake = Files.createDirectories(tmp.resolve("fake"));
        Files.writeString(fake.resolve("CACHEDIR.TAG"), "Signature: wrong");
        Path shortTag = Files.createDirectories(tmp.resolve("short"));
        Files.writeString(shortTag.resolve("CACHEDIR.TAG"), "Sig");
        List<String> warnings = new ArrayList<>();
        ExcludeRules rules = ExcludeRules.builder().warnings(warnings::add).excludeCaches().build();
        assertThat(rules.excludedByName(cache.resolve("blob"))).isTrue();
        assertThat(rules.excludedByName(fake.resolve("blob"))).isFalse();
        assertThat(rules.excludedByName(shortTag.resolve("blob"))).isFalse();
        assertThat(warnings).hasSize(2).anyMatch(w -> w.contains("too short"));
    }

    @Test
    void badTagSpecsAreRefused() {
        assertThatThrownBy(() -> ExcludeRules.builder().excludeIfPresent("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ExcludeRules.builder().excludeIfPresent(":hdr")).hasMessageContaining("no name");
    }

    @Test
    void largerThanUsesResticsSizeSyntaxAndSparesDirectories() throws IOException {
        assertThat(ExcludeRules.parseSize("100")).isEqualTo(100);
        assertThat(ExcludeRules.parseSize("2b")).isEqualTo(2);
        assertThat(ExcludeRules.parseSize("2k")).isEqualTo(2048);
        assertThat(ExcludeRules.parseSize("3M")).isEqualTo(3L << 20);
        assertThat(ExcludeRules.parseSize("1g")).isEqualTo(1L << 30);
        assertThat(ExcludeRules.parseSize("1T")).isEqualTo(1L << 40);
        assertThatThrownBy(() -> ExcludeRules.parseSize("1.5M")).hasMessageContaining("1.5M");
        assertThatThrownBy(() -> ExcludeRules.parseSize("")).hasMessageContaining("empty");

        Path small = Files.write(tmp.resolve("small"), new byte[1024]);
        Path big = Files.write(tmp.resolve("big"), new byte[1025]);
        ExcludeRules rules = ExcludeRules.builder().excludeLargerThan("1k").build();
        assertThat(rules.excluded(small, FileStat.lstat(small))).isFalse();
        assertThat(rules.excluded(big, FileStat.lstat(big))).isTrue();
        assertThat(rules.excluded(tmp, FileStat.lstat(tmp))).isFalse();
    }

    @Test
    void oneFileSystemKeepsMountPointsButNotTheirContents() throws IOException {
        Path proc = Path.of("/proc");
        Path root = Path.of("/");
        assumeTrue(Files.isDirectory(proc) && FileStat.lstat(proc).dev() != FileStat.lstat(root).dev(),
                "needs /proc mounted on its own device");
        ExcludeRules rules = ExcludeRules.builder().oneFileSystem(List.of(root)).build();
        assertThat(rules.excludedByStat(proc, FileStat.lstat(proc))).as("mount point kept").isFalse();
        Path version = Path.of("/proc/version");
        assertThat(rules.excludedByStat(version, FileStat.lstat(version))).isTrue();
        Path sys = Path.of("/proc/sys");
        assertThat(rules.excludedByStat(sys, FileStat.lstat(sys))).as("dir below a mount point").isTrue();
        assertThat(rules.excludedByStat(tmp, FileStat.lstat(tmp)))
                .isEqualTo(FileStat.lstat(tmp).dev() != FileStat.lstat(root).dev()
                        && FileStat.lstat(tmp.getParent()).dev() != FileStat.lstat(root).dev());

        ExcludeRules onTmp = ExcludeRules.builder().oneFileSystem(List.of(tmp)).build();
        assertThatThrownBy(() -> onTmp.excludedByStat(version, FileStat.lstat(version)))
                .hasMessageContaining("not under any backup root");
    }

    @Test
    void relativePathsAreRefused() {
        assertThatThrownBy(() -> ExcludeRules.builder().build().excludedByName(Path.of("rel")))
                .hasMessageContaining("absolute");
    }

    @Test
    void goTrimSpaceAndToLower() {
        assertThat(GoText.trimSpace("\u00a0\t x y \u3000\u2028".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("x y".getBytes(StandardCharsets.UTF_8));
        assertThat(GoText.toLower("ÄBC".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("äbc".getBytes(StandardCharsets.UTF_8));
        assertThat(GoText.toLower(new byte[] {'A', (byte) 0xff, (byte) 0xc3, (byte) 0x84}))
                .isEqualTo("a\uFFFDä".getBytes(StandardCharsets.UTF_8));
    }
}
