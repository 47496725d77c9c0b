package dev.cairn.storage.sftp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tests needing a program that may be missing: skip loudly, or fail under CI=true. */
public final class ExternalTools {

    private ExternalTools() {
    }

    public static void require(boolean present, String what, String install) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(what + " is required under CI=true but missing; install it with: " + install);
        }
        if (!present) {
            System.err.println("!!! SKIPPING test: " + what + " is missing (install it with: " + install + ") !!!");
        }
        assumeTrue(present, what + " missing");
    }
}
