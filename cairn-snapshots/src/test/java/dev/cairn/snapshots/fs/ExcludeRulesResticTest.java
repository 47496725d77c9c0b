package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same exclude options given to restic 0.14 and to ExcludeRules must keep the same entries. */
class ExcludeRulesResticTest {

    @TempDir
    Path tmp;

    @Test
    void keepsExactlyWhatResticKeeps() throws Exception {
        ResticCli.requireRestic();
        Path src = Files.createDirectory(tmp.resolve("src"));
        for (String f : List.of("a.txt", "b.TMP", "c.tmp", "logs/app.log", "logs/keep.log", "Build/out.o",
                "deep/x/y/node_modules/m.js", "cache/CACHEDIR.TAG", "cache/blob", "fake/CACHEDIR.TAG", "fake/blob",
                "tagged/.nobackup", "tagged/file", "big.bin", "docs/readme.md", "docs/sub/notes.md")) {
            Path p = src.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.equals("big.bin") ? "x".repeat(3000) : f);
        }
        Files.writeString(src.resolve("cache/CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55");
        Files.writeString(src.resolve("fake/CACHEDIR.TAG"), "not a signature");
        Path excludeFile = tmp.resolve("excludes.txt");
        Files.writeString(excludeFile, "# comment\n\n  $SRC/logs/*.log \n!$SRC/logs/keep.log\n**/node_modules\n");
        List<String> options = List.of("--exclude", "*.tmp", "--iexclude", "build", "--exclude", "/**/sub",
                "--exclude-file", excludeFile.toString(), "--exclude-caches", "--exclude-if-present", ".nobackup",
                "--exclude-larger-than", "2k", "--one-file-system");

        ExcludeRules rules = ExcludeRules.builder().exclude("*.tmp").iexclude("build").exclude("/**/sub")
                .excludeFile(excludeFile, Map.of("SRC", src.toString())).excludeCaches()
                .excludeIfPresent(".nobackup").excludeLargerThan("2k").oneFileSystem(List.of(src)).build();
        TreeSet<String> mine = new TreeSet<>();
        walk(src, rules, mine);

        ResticCli restic = new ResticCli(tmp.resolve("repo"));
        restic.run("init");
        List<String> args = new ArrayList<>(List.of("backup"));
        args.addAll(options);
        args.add(src.toString());
        restic.runWithEnv(Map.of("SRC", src.toString()), args.toArray(String[]::new));
        TreeSet<String> theirs = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : restic.run("ls", "--json", "latest").split("\n")) {
            JsonNode n = json.readTree(line);
            if ("node".equals(n.path("struct_type").asText()) && n.get("path").asText().startsWith(src + "/")) {
                theirs.add(n.get("path").asText());
            }
        }
        assertThat(mine).isEqualTo(theirs);
        assertThat(mine).contains(src + "/logs/keep.log", src + "/cache/CACHEDIR.TAG", src + "/fake/blob")
                .doesNotContain(src + "/c.tmp", src + "/cache/blob", src + "/big.bin", src + "/Build");
    }

    private static void walk(Path dir, ExcludeRules rules, TreeSet<String> out) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.toList()) {
                if (rules.excludedByName(p)) {
                    continue;
                }
                FileStat st = FileStat.lstat(p);
                if (rules.excludedByStat(p, st)) {
                    continue;
                }
                out.add(p.toString());
                if (st.isDir()) {
                    walk(p, rules, out);
                }
            }
        }
    }
}
