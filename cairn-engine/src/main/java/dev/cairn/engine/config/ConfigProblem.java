package dev.cairn.engine.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file, located precisely enough to fix it without searching.
 *
 * @param field the dotted path of the key, e.g. {@code sites.example.schedules[0].cron}
 */
public record ConfigProblem(Path file, int line, int column, String field, String message) {

    /** {@code FILE:LINE:COLUMN: FIELD: MESSAGE}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
