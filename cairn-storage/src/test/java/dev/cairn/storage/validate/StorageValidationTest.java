package dev.cairn.storage.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.validate.ValidationCheck.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageValidationTest {
    private static final StorageValidation.Options SMALL = new StorageValidation.Options(3 << 20, 42);
    private static final StorageSettings NONE = new StorageSettings(Map.of(), Map.of());

    @TempDir
    Path temp;

    @Test
    void aGoodLocalDirectoryPassesEveryCheckAndIsLeftAsItWas() throws IOException {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Files.writeString(repo.resolve("config"), "an existing repository's config");
        List<ValidationCheck> seen = new ArrayList<>();
        StorageValidation.Report report = StorageValidation.run(repo.toString(), NONE, SMALL, seen::add);
        assertThat(report.checks()).extracting(ValidationCheck::name).containsExactly("create", "read-after-write",
                "list", "range-reads", "large-file", "overwrite", "delete", "not-found", "concurrency", "timing",
                "cleanup");
        assertThat(report.checks()).as("%s", report.checks()).allMatch(c -> c.status() == Status.OK);
        assertThat(seen).isEqualTo(report.checks());
        assertThat(report.ok()).isTrue();
        assertThat(report.scratch()).startsWith(repo + "/cairn-validate-");
        try (Stream<Path> left = Files.list(repo)) {
            assertThat(left).as("only what was there before").containsExactly(repo.resolve("config"));
        }
        assertThat(Files.readString(repo.resolve("config"))).isEqualTo("an existing repository's config");
        assertThat(report.checks().get(4).detail()).contains("3.0 MiB written in").contains("SHA-256 equal");
    }

    @Test
    void eachMisbehaviourIsReportedByTheCheckThatCatchesIt() throws IOException {
        assertFailed("overwrites", "overwrite", "was accepted; Cairn relies on files never being overwritten");
        assertFailed("ignores-offset", "range-reads", "returned other bytes");
        assertFailed("stale-list", "list", "missing [");
        assertFailed("missing-is-permanent", "not-found", "failed with permanent fault instead of not found");
    }

    @Test
    void aLocationThatCannotBeMadeSkipsTheRest() throws IOException {
        StorageValidation.Report report = StorageValidation.run("lying:no-create:" + temp.resolve("x"), NONE, SMALL,
                check -> { });
        assertThat(report.ok()).isFalse();
        assertThat(report.checks().getFirst().status()).isEqualTo(Status.FAILED);
        assertThat(report.checks().getFirst().detail()).contains("permanent fault").contains("permission denied");
        assertThat(report.checks().subList(1, report.checks().size())).allMatch(c -> c.status() == Status.SKIPPED);
    }

    @Test
    void theScratchNameGoesInsideTheLocationInEveryBackendsSpelling() {
        assertThat(StorageValidation.scratchUrl("/srv/backup", "v")).isEqualTo("/srv/backup/v");
        assertThat(StorageValidation.scratchUrl("sftp:me@host:", "v")).isEqualTo("sftp:me@host:v");
        assertThat(StorageValidation.scratchUrl("sftp:me@host:/srv/", "v")).isEqualTo("sftp:me@host:/srv/v");
        assertThat(StorageValidation.scratchUrl("azure:box:/", "v")).isEqualTo("azure:box:/v");
        assertThat(StorageValidation.scratchUrl("s3:http://h:9000/bucket", "v")).isEqualTo("s3:http://h:9000/bucket/v");
        assertThat(StorageValidation.scratchUrl("rclone:remote:", "v")).isEqualTo("rclone:remote:v");
    }

    private void assertFailed(String mode, String check, String detail) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(mode));
        StorageValidation.Report report = StorageValidation.run("lying:" + mode + ":" + dir, NONE, SMALL, c -> { });
        assertThat(report.ok()).as(mode).isFalse();
        ValidationCheck failed = report.checks().stream().filter(c -> c.name().equals(check)).findFirst()
                .orElseThrow();
        assertThat(failed.status()).as("%s: %s", mode, report.checks()).isEqualTo(Status.FAILED);
        assertThat(failed.detail()).as(mode).contains(detail);
        assertThat(report.checks().stream().filter(c -> c.status() == Status.OK)).as(mode).isNotEmpty();
    }
}
