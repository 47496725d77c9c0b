package dev.cairn.engine.schedule;

/**
 * Measures how busy a site is right now (e.g. its database's transactions per second), so a run with a
 * {@link QuietWindow} can start at a quiet moment. Lower is quieter; the unit is the probe's own.
 */
@FunctionalInterface
public interface LoadProbe {

    /** A probe that measures nothing: every moment is equally quiet, so runs start when due. */
    LoadProbe NONE = site -> 0;

    double load(String site) throws Exception;
}
