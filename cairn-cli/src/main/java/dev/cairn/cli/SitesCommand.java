package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.LocationConfig;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.config.SiteConfig;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code cairn sites}: the configured sites with their sources, locations and schedules. */
@Command(name = "sites", description = "List the sites of cairn.yaml with their database, media, locations and "
        + "schedules.")
final class SitesCommand extends CommandBase {

    @Override
    public Integer call() {
        Output out = output();
        CairnConfig config = SiteConfigs.load(global(), env());
        Instant now = env().clock().instant();
        if (out.json()) {
            ArrayNode array = out.mapper().createArrayNode();
            config.sites().values().forEach(s -> array.add(json(out, config, s, now)));
            out.printJson(array);
            return ExitCodes.OK;
        }
        for (SiteConfig s : config.sites().values()) {
            out.result(s.name());
            if (s.database() != null) {
                out.result("  database   " + s.database().url());
            }
            for (SiteConfig.MediaTree m : s.media()) {
                out.result("  media      " + m.name() + "  " + m.path()
                        + (m.include().isEmpty() ? "" : "  include " + String.join(",", m.include()))
                        + (m.exclude().isEmpty() ? "" : "  exclude " + String.join(",", m.exclude())));
            }
            s.extraPaths().forEach(p -> out.result("  extra      " + p));
            for (String l : s.locations()) {
                LocationConfig loc = config.locations().get(l);
                out.result("  location   " + l + "  " + loc.url() + "  (password from " + loc.password().describe()
                        + ")");
            }
            for (ScheduleConfig sc : s.schedules()) {
                Instant next = sc.timing().next(now);
                out.result("  schedule   " + sc.name() + "  " + sc.timing().spec().describe() + " "
                        + sc.timing().zone().getId() + ", " + sc.type().key() + " to " + String.join(",",
                                sc.locations()) + (sc.enabled() ? next == null ? ", no further runs"
                                        : ", next " + next.atZone(sc.timing().zone()).format(ScheduleCommand.TIME)
                                        : ", disabled"));
            }
        }
        return ExitCodes.OK;
    }

    private static ObjectNode json(Output out, CairnConfig config, SiteConfig s, Instant now) {
        ObjectNode n = out.object();
        n.put("name", s.name());
        if (s.database() != null) {
            n.putObject("database").put("url", s.database().url());
        }
        ArrayNode media = n.putArray("media");
        for (SiteConfig.MediaTree m : s.media()) {
            ObjectNode mn = media.addObject().put("name", m.name()).put("path", m.path().toString());
            m.include().forEach(mn.putArray("include")::add);
            m.exclude().forEach(mn.putArray("exclude")::add);
        }
        ArrayNode extra = n.putArray("extra_paths");
        s.extraPaths().forEach(p -> extra.add(p.toString()));
        ArrayNode locations = n.putArray("locations");
        s.locations().forEach(l -> locations.addObject().put("name", l).put("url", config.locations().get(l).url()));
        ArrayNode schedules = n.putArray("schedules");
        for (ScheduleConfig sc : s.schedules()) {
            ObjectNode j = schedules.addObject().put("name", sc.name())
                    .put("frequency", sc.timing().spec().frequency())
                    .put("description", sc.timing().spec().describe())
                    .put("time_zone", sc.timing().zone().getId()).put("type", sc.type().key())
                    .put("enabled", sc.enabled());
            sc.locations().forEach(j.putArray("locations")::add);
            Instant next = sc.enabled() ? sc.timing().next(now) : null;
            j.put("next_run", next == null ? null : next.toString());
        }
        return n;
    }
}
