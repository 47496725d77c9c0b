package dev.cairn.engine.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A Unix (Vixie) cron expression: minute hour day-of-month month day-of-week, parsed and stepped by cron-utils.
 * cron-utils only ever sees UTC here, which makes its arithmetic plain wall-clock arithmetic; the time zone and
 * its DST rules are applied by {@link Timing}, the same way for every kind of schedule.
 */
public final class CronSpec implements ScheduleSpec {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime executionTime;
    private final boolean elapsed;

    private CronSpec(String expression, Cron cron) {
        this.expression = expression;
        this.executionTime = ExecutionTime.forCron(cron);
        this.elapsed = cron.retrieve(CronFieldName.HOUR).getExpression().asString().startsWith("*");
    }

    /**
     * Parses and validates {@code expression}.
     *
     * @throws IllegalArgumentException naming what is wrong, also when the expression can never fire (Feb 30)
     */
    public static CronSpec parse(String expression) {
        String text = expression.strip().replaceAll("\\s+", " ");
        Cron cron;
        try {
            cron = PARSER.parse(text).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression + "': " + e.getMessage()
                    + " (expected 5 fields: minute hour day-of-month month day-of-week)", e);
        }
        CronSpec spec = new CronSpec(text, cron);
        // cron-utils accepts e.g. "0 0 30 2 *"; a schedule that never runs is a configuration mistake.
        if (spec.nextLocal(LocalDateTime.of(2000, 1, 1, 0, 0)) == null) {
            throw new IllegalArgumentException("cron expression '" + expression + "' never fires (no such date)");
        }
        return spec;
    }

    public String expression() {
        return expression;
    }

    @Override
    public LocalDateTime nextLocal(LocalDateTime after) {
        Optional<ZonedDateTime> next = executionTime.nextExecution(after.atZone(ZoneOffset.UTC));
        return next.map(ZonedDateTime::toLocalDateTime).orElse(null);
    }

    @Override
    public boolean followsElapsedTime() {
        return elapsed;
    }

    @Override
    public String frequency() {
        return "cron";
    }

    @Override
    public String describe() {
        return "cron '" + expression + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSpec c && c.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression);
    }

    @Override
    public String toString() {
        return describe();
    }
}
