package dev.cairn.cli;

/** A mistake in what the user asked for: printed as one line, no stack trace, exit code 1. */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }
}
