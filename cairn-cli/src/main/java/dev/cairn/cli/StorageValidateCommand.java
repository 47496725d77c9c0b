package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.validate.StorageValidation;
import dev.cairn.storage.validate.ValidationCheck;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn storage validate [URL]}: runs a short conformance check against a real destination, in a scratch
 * location it creates inside the URL and removes, and reports each check. Exit 0 when all pass, 1 otherwise.
 */
@Command(name = "validate", description = {
    "Check that a storage location behaves as Cairn needs before trusting it with backups: read-after-write, "
        + "listing, ranged reads, a large file, overwrite refusal, deletion, not-found answers, concurrent use, "
        + "timing.",
    "Works in a scratch folder it creates inside URL (default: the repository location) and removes; files "
        + "already there are never touched. Exit code 0 if every check passes, 1 if any fails."})
final class StorageValidateCommand extends SubcommandBase {

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
            description = "Location to check, e.g. s3:https://host/bucket/prefix or sftp:user@host:/srv/backup "
                    + "(default: -r/--repo or CAIRN_REPOSITORY).")
    String url;

    @Option(names = "--large-file-size", paramLabel = "MiB", defaultValue = "40",
            description = "Size of the large-file check in MiB, 1 to 4096 (default 40).")
    int largeFileMiB;

    @Option(names = "--seed", hidden = true, description = "Seed of the random names and contents (for tests).")
    Long seed;

    @Override
    public Integer call() throws IOException {
        if (largeFileMiB < 1 || largeFileMiB > 4096) {
            throw new UserError("--large-file-size must be between 1 and 4096 (MiB), got " + largeFileMiB);
        }
        Output output = output();
        String location = url != null && !url.isBlank() ? url : access().location();
        StorageValidation.Options options = new StorageValidation.Options((long) largeFileMiB << 20,
                seed != null ? seed : new Random().nextLong());
        StorageSettings settings = new StorageSettings(env().env(), global().storageOptions());
        output.line("validating " + location + " (in a scratch folder inside it, removed afterwards)");
        StorageValidation.Report report;
        try {
            report = StorageValidation.run(location, settings, options, check -> output.line(line(check)));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (output.json()) {
            output.printJson(json(output, report));
        } else {
            output.result(summary(report));
        }
        return report.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static String line(ValidationCheck check) {
        String status = switch (check.status()) {
            case OK -> "ok";
            case FAILED -> "FAILED";
            case SKIPPED -> "skipped";
        };
        return String.format(Locale.ROOT, "  %-7s %-16s %s (%.1f s)", status, check.name(), check.detail(),
                check.took().toMillis() / 1000.0);
    }

    private static String summary(StorageValidation.Report report) {
        List<String> failed = report.checks().stream().filter(ValidationCheck::failed).map(ValidationCheck::name)
                .toList();
        if (failed.isEmpty()) {
            return "storage OK: all " + report.checks().size() + " checks passed at " + report.location();
        }
        return "storage validation FAILED at " + report.location() + ": " + failed.size() + " of "
                + report.checks().size() + " checks failed (" + String.join(", ", failed) + "); do not keep backups "
                + "there until this is fixed";
    }

    private static ObjectNode json(Output output, StorageValidation.Report report) {
        ObjectNode root = output.object();
        root.put("location", report.location());
        root.put("scratch", report.scratch());
        root.put("ok", report.ok());
        ArrayNode checks = root.putArray("checks");
        for (ValidationCheck check : report.checks()) {
            ObjectNode c = checks.addObject();
            c.put("name", check.name());
            c.put("status", check.status().name().toLowerCase(Locale.ROOT));
            c.put("detail", check.detail());
            c.put("seconds", check.took().toMillis() / 1000.0);
        }
        return root;
    }
}
