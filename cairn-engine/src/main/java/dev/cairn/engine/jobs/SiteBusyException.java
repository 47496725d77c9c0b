package dev.cairn.engine.jobs;

/** A job was asked for a site that already has one queued or running (the API answers 409). */
public final class SiteBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long runningJobId;

    public SiteBusyException(String site, long runningJobId) {
        super("site '" + site + "' already has job " + runningJobId + " queued or running; wait for it to finish "
                + "(GET /api/jobs/" + runningJobId + ") or cancel it");
        this.runningJobId = runningJobId;
    }

    public long runningJobId() {
        return runningJobId;
    }
}
