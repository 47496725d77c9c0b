package dev.cairn.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site keys added for restores and retention: hooks and a location's prune-every. */
class SiteHooksConfigTest {

    @TempDir
    Path dir;

    @Test
    void hooksAndPruneEvery() throws Exception {
        Files.writeString(dir.resolve("pw"), "x\n");
        Files.createDirectories(dir.resolve("www"));
        Path file = dir.resolve("cairn.yaml");
        Files.writeString(file, """
                locations:
                  local: {url: repo, password-file: pw, prune-every: 2d12h}
                sites:
                  blog:
                    media: [www]
                    locations: [local]
                    hooks:
                      before-restore: {command: "maintenance on", timeout: 30s}
                      after-restore: {url: "https://example.com/hook", method: PUT}
                """);
        CairnConfig c = ConfigLoader.load(file, Map.of());
        assertEquals(Duration.ofHours(60), c.locations().get("local").pruneEvery());
        SiteConfig.Hooks h = c.site("blog").orElseThrow().hooks();
        assertEquals(new SiteConfig.Hook("maintenance on", null, null, Duration.ofSeconds(30)), h.beforeRestore());
        assertEquals(new SiteConfig.Hook(null, "https://example.com/hook", "PUT", Duration.ofMinutes(5)),
                h.afterRestore());
    }

    @Test
    void badHooksNameTheField() throws Exception {
        Files.writeString(dir.resolve("pw"), "x\n");
        Files.createDirectories(dir.resolve("www"));
        Path file = dir.resolve("cairn.yaml");
        Files.writeString(file, """
                locations:
                  local: {url: repo, password-file: pw, prune-every: weekly}
                sites:
                  blog:
                    media: [www]
                    locations: [local]
                    hooks:
                      before-restore: {command: "x", url: "https://e.com"}
                      after-restore: {url: "ftp://e.com", method: DELETE}
                      during: {command: y}
                """);
        List<String> problems = ConfigLoader.check(file, Map.of()).problems().stream()
                .map(p -> p.field() + ": " + p.message()).toList();
        assertEquals(List.of(
                "locations.local.prune-every: expected a duration like 30s, 10m, 1h30m or 7d, got 'weekly'",
                "sites.blog.hooks.before-restore: a hook needs exactly one of 'command' or 'url'",
                "sites.blog.hooks.after-restore.url: expected an http:// or https:// URL, got 'ftp://e.com'",
                "sites.blog.hooks.after-restore.method: expected GET, POST or PUT, got 'DELETE'",
                "sites.blog.hooks.during: unknown key (known keys: before-restore, after-restore)"), problems);
    }
}
