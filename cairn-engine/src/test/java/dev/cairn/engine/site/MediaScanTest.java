package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.engine.config.SecretRef;
import dev.cairn.engine.config.SiteConfig.MediaTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Media tree patterns and scans (smart skip's media token), and secret resolution. */
class MediaScanTest {

    @TempDir
    Path tmp;

    @Test
    void patternsAnchorAndIncludeOnlyFiles() throws Exception {
        Path root = tmp.resolve("media");
        Files.createDirectories(root.resolve("cache"));
        Files.createDirectories(root.resolve("img/cache"));
        Files.writeString(root.resolve("cache/a.jpg"), "a");
        Files.writeString(root.resolve("img/cache/b.jpg"), "b");
        Files.writeString(root.resolve("img/c.jpg"), "c");
        Files.writeString(root.resolve("img/d.txt"), "d");
        MediaTree anchored = new MediaTree("m", root, List.of("*.jpg"), List.of("/cache/**"));
        MediaScan.Result r = MediaScan.scan(anchored, MediaScan.rules(anchored, null));
        assertEquals(2, r.files(), "img/cache/b.jpg and img/c.jpg: /cache is only the top folder, *.txt not included");
        MediaTree anywhere = new MediaTree("m", root, List.of(), List.of("cache/**"));
        assertEquals(2, MediaScan.scan(anywhere, MediaScan.rules(anywhere, null)).files(), "c.jpg and d.txt");
        MediaTree preset = new MediaTree("m", root, List.of(), List.of());
        assertEquals(3, MediaScan.scan(preset, MediaScan.rules(preset, List.of("img"))).files());
    }

    @Test
    void theFingerprintChangesWithContentMetadataButNotWithExcludedFiles() throws Exception {
        Path root = tmp.resolve("media");
        Files.createDirectories(root.resolve("cache"));
        Path f = Files.writeString(root.resolve("a.txt"), "a");
        MediaTree t = new MediaTree("m", root, List.of(), List.of("cache"));
        String first = MediaScan.scan(t, MediaScan.rules(t, null)).fingerprint();
        assertEquals(first, MediaScan.scan(t, MediaScan.rules(t, null)).fingerprint());
        Files.writeString(root.resolve("cache/x"), "x");
        String withCache = MediaScan.scan(t, MediaScan.rules(t, null)).fingerprint();
        assertEquals(first, withCache, "what is excluded is no change");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertNotEquals(withCache, MediaScan.scan(t, MediaScan.rules(t, null)).fingerprint());
    }

    @Test
    void secretsComeFromFilesVariablesAndCommandsAndErrorsNeverShowThem() throws Exception {
        Path file = Files.writeString(tmp.resolve("pw"), "from-file\nsecond line\n");
        Secrets secrets = new Secrets(Map.of("PW", "from-env"));
        assertEquals("from-file", new String(secrets.resolve(new SecretRef.File(file), "x")));
        assertEquals("from-env", new String(secrets.resolve(new SecretRef.Env("PW"), "x")));
        assertEquals("from-command", new String(secrets.resolve(new SecretRef.Command("echo from-command"), "x")));
        SiteException missing = assertThrows(SiteException.class,
                () -> secrets.resolve(new SecretRef.Env("NOPE"), "password of location 'a'"));
        assertTrue(missing.getMessage().contains("NOPE"));
        SiteException failing = assertThrows(SiteException.class,
                () -> secrets.resolve(new SecretRef.Command("echo leaked-secret; exit 2"), "password"));
        assertTrue(!failing.getMessage().contains("leaked-secret") && failing.getMessage().contains("code 2"),
                failing.getMessage());
    }
}
