package dev.cairn.engine.schedule;

/**
 * Does the work of a scheduled run (the site backup job plugs in here). Called on its own virtual thread; may
 * block. An exception counts as a failed run; the scheduler keeps going.
 */
@FunctionalInterface
public interface JobRunner {

    JobOutcome run(ScheduledRun run) throws Exception;
}
