package dev.cairn.storage.validate;

import dev.cairn.storage.FileType;
import dev.cairn.storage.RetryPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Checks a real destination before anyone trusts it with backups ({@code cairn storage validate URL}): a short form
 * of the conformance suite — read-after-write, listing, ranged reads, a large file, overwrite refusal and
 * idempotence, deletion, not-found answers, concurrent use, timing — run in a scratch location it makes inside the
 * given one ({@code <url>/cairn-validate-<random>}) and removes afterwards. Files of a repository already at the
 * URL are never read or written: everything happens under the scratch name, which is checked to be empty first.
 */
public final class StorageValidation {

    /**
     * @param largeFileSize size of the large-file check, in bytes (at least 1 MiB; larger than a pack, so uploads
     *     that split files, such as multipart, are exercised)
     * @param seed seed of the random names and contents
     */
    public record Options(long largeFileSize, long seed) {
        public Options {
            if (largeFileSize < 1 << 20) {
                throw new IllegalArgumentException("the large file must have at least 1 MiB, got " + largeFileSize
                        + " bytes");
            }
        }

        /** A 40 MiB large file (above the 32 MiB where backends split uploads) and a fresh seed. */
        public static Options defaults() {
            return new Options(40L << 20, new Random().nextLong());
        }
    }

    /**
     * @param location the URL as given
     * @param scratch the scratch location the checks ran in
     * @param checks every check in order, including skipped ones
     */
    public record Report(String location, String scratch, List<ValidationCheck> checks) {
        public Report {
            checks = List.copyOf(checks);
        }

        public boolean ok() {
            return checks.stream().noneMatch(ValidationCheck::failed);
        }
    }

    @FunctionalInterface
    private interface Check {
        String run() throws Exception;
    }

    private StorageValidation() {
    }

    /**
     * Runs every check against a scratch location inside {@code url}, passing each result to {@code progress} as it
     * is known. Transient faults are retried (briefly) as in real use; how many were is reported.
     *
     * @throws IllegalArgumentException if the URL is malformed or the backend's settings are incomplete
     */
    public static Report run(String url, StorageSettings settings, Options options,
            Consumer<ValidationCheck> progress) throws IOException {
        Objects.requireNonNull(options, "options");
        String scratch = scratchUrl(url, "cairn-validate-" + HexFormat.of().toHexDigits(new Random().nextLong()));
        AtomicInteger retries = new AtomicInteger();
        RetryPolicy.Sleeper counting = delay -> {
            retries.incrementAndGet();
            Thread.sleep(delay);
        };
        List<ValidationCheck> results = new ArrayList<>();
        Consumer<ValidationCheck> record = check -> {
            results.add(check);
            progress.accept(check);
        };
        try (Storage storage = Storages.retrying(StorageLocations.openRaw(StorageLocation.parse(scratch), settings),
                new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2)), counting,
                new Random(options.seed()))) {
            Checks checks = new Checks(storage, options.seed(), options.largeFileSize());
            boolean created = run("create", () -> create(storage), record);
            List<String> names = List.of("read-after-write", "list", "range-reads", "large-file", "overwrite",
                    "delete", "not-found", "concurrency", "timing");
            List<Check> bodies = List.of(checks::readAfterWrite, checks::list, checks::rangeReads, checks::largeFile,
                    checks::overwrite, checks::delete, checks::notFound, checks::concurrency,
                    () -> checks.timing() + "; " + retries.get() + " transient faults retried in all");
            for (int i = 0; i < names.size(); i++) {
                if (created) {
                    run(names.get(i), bodies.get(i), record);
                } else {
                    record.accept(skipped(names.get(i)));
                }
            }
            if (created) {
                run("cleanup", checks::cleanup, record);
            } else {
                record.accept(skipped("cleanup"));
            }
        }
        return new Report(url, scratch, results);
    }

    /** Refuses a scratch location that holds anything (however unlikely with a random name), then creates it. */
    private static String create(Storage storage) throws Exception {
        for (FileType type : FileType.values()) {
            List<String> found = new ArrayList<>();
            try {
                storage.list(type, info -> found.add(info.name()));
            } catch (StorageException.NotFound e) {
                // The location does not exist yet: what create() is for.
            }
            if (!found.isEmpty()) {
                throw new Checks.CheckFailed("the scratch location " + storage.location() + " is not empty (" + type
                        + " " + found + "); not touching it");
            }
        }
        storage.create();
        return "made " + storage.location();
    }

    private static boolean run(String name, Check check, Consumer<ValidationCheck> record) {
        long start = System.nanoTime();
        ValidationCheck.Status status;
        String detail;
        try {
            detail = check.run();
            status = ValidationCheck.Status.OK;
        } catch (Checks.CheckFailed e) {
            detail = e.getMessage();
            status = ValidationCheck.Status.FAILED;
        } catch (StorageException e) {
            detail = e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " fault: " + e.getMessage();
            status = ValidationCheck.Status.FAILED;
        } catch (Exception e) {
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            status = ValidationCheck.Status.FAILED;
        }
        record.accept(new ValidationCheck(name, status, detail, Duration.ofNanos(System.nanoTime() - start)));
        return status == ValidationCheck.Status.OK;
    }

    private static ValidationCheck skipped(String name) {
        return new ValidationCheck(name, ValidationCheck.Status.SKIPPED, "not run: the scratch location could not "
                + "be made", Duration.ZERO);
    }

    /**
     * {@code name} as a folder inside {@code url}, in any backend's spelling: appended after a final {@code /} or
     * {@code :} as it is ({@code sftp:host:} is the login directory, {@code sftp:host:x} a folder in it), else after
     * a {@code /}.
     */
    static String scratchUrl(String url, String name) {
        String trimmed = url.strip();
        return trimmed.endsWith("/") || trimmed.endsWith(":") ? trimmed + name : trimmed + "/" + name;
    }
}
