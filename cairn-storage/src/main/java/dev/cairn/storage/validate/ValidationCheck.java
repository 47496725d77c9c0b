package dev.cairn.storage.validate;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one check of {@link StorageValidation}.
 *
 * @param name short name, e.g. {@code read-after-write}
 * @param status whether it passed
 * @param detail what was checked and measured, or for a failure what is wrong
 * @param took how long the check ran
 */
public record ValidationCheck(String name, Status status, String detail, Duration took) {

    /** {@code SKIPPED}: an earlier failure (the scratch location could not be made) left nothing to check. */
    public enum Status { OK, FAILED, SKIPPED }

    public ValidationCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
