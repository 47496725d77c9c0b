package dev.cairn.cli;

/** The process exit codes, restic's where restic has one. Documented in docs/cli.md and in --help. */
final class ExitCodes {

    static final int OK = 0;
    /** Any failure without a more specific code. */
    static final int FAILURE = 1;
    /** Unknown command or option, missing argument (picocli's usage error). */
    static final int USAGE = 2;
    /** The backup finished and wrote a snapshot, but some files could not be read. */
    static final int INCOMPLETE = 3;
    /** A backup to several locations wrote its snapshot, but not to every location. */
    static final int PARTIAL = 4;
    static final int NO_REPOSITORY = 10;
    static final int LOCKED = 11;
    static final int WRONG_PASSWORD = 12;
    /** Interrupted (Ctrl-C / SIGINT); nothing half-written was left behind. */
    static final int INTERRUPTED = 130;

    static final String HELP = """
            Exit codes:
              0    success
              1    failure (the message on stderr says what failed and what to do)
              2    usage error: unknown command or option, missing argument
              3    backup incomplete: some files could not be read (the snapshot was written)
              4    backup partial: written, but not to every location (several --repo)
              10   repository does not exist
              11   repository is locked by another process
              12   wrong password
              130  interrupted (Ctrl-C)""";

    private ExitCodes() {
    }
}
