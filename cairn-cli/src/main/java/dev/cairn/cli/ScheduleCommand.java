package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.config.SiteConfig;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn schedule}: the schedules of cairn.yaml. */
@Command(name = "schedule", description = "Inspect the schedules of cairn.yaml.",
        subcommands = ScheduleCommand.Next.class)
final class ScheduleCommand extends CommandBase {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    @Override
    public Integer call() {
        spec.commandLine().usage(env().stderr());
        return ExitCodes.USAGE;
    }

    /** {@code cairn schedule next}: when a site's schedules run next, in their time zones. */
    @Command(name = "next", description = "Print the next run times of a site's schedules (DST handled as "
            + "documented in docs/configuration.md).")
    static final class Next implements Callable<Integer> {

        @ParentCommand
        ScheduleCommand parent;

        @Option(names = "--site", required = true, paramLabel = "NAME", description = "The site.")
        String site;

        @Option(names = "--schedule", paramLabel = "NAME", description = "Only this schedule.")
        String schedule;

        @Option(names = "--count", paramLabel = "N", defaultValue = "5",
                description = "How many run times per schedule (default 5).")
        int count;

        @Override
        public Integer call() {
            if (count < 1 || count > 10_000) {
                throw new UserError("--count must be between 1 and 10000, got " + count);
            }
            Output out = parent.output();
            SiteConfig s = SiteConfigs.site(SiteConfigs.load(parent.global(), parent.env()), site);
            List<ScheduleConfig> schedules = s.schedules().stream()
                    .filter(sc -> schedule == null || sc.name().equals(schedule)).toList();
            if (schedules.isEmpty()) {
                throw new UserError(schedule == null ? "site '" + site + "' has no schedules"
                        : "site '" + site + "' has no schedule '" + schedule + "' (it has: " + String.join(", ",
                                s.schedules().stream().map(ScheduleConfig::name).toList()) + ")");
            }
            Instant now = parent.env().clock().instant();
            ArrayNode array = out.mapper().createArrayNode();
            for (ScheduleConfig sc : schedules) {
                List<Instant> runs = sc.enabled() ? sc.timing().next(now, count) : List.of();
                if (out.json()) {
                    ObjectNode n = array.addObject().put("site", site).put("schedule", sc.name())
                            .put("description", sc.timing().spec().describe())
                            .put("time_zone", sc.timing().zone().getId()).put("enabled", sc.enabled());
                    ArrayNode r = n.putArray("runs");
                    runs.forEach(t -> r.addObject().put("time", t.toString())
                            .put("local", t.atZone(sc.timing().zone()).toOffsetDateTime().toString()));
                    continue;
                }
                out.result(sc.name() + ": " + sc.timing().spec().describe() + " (" + sc.timing().zone().getId() + ")"
                        + (sc.enabled() ? "" : ": disabled, no runs"));
                runs.forEach(t -> out.result("  " + t.atZone(sc.timing().zone()).format(TIME) + "  " + t));
            }
            if (out.json()) {
                out.printJson(array);
            }
            return ExitCodes.OK;
        }
    }
}
