package dev.cairn.engine.jobs;

/** The registry is shutting down and accepts no new jobs (the API answers 503). */
public final class RegistryClosedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryClosedException() {
        super("the server is shutting down and accepts no new jobs");
    }
}
