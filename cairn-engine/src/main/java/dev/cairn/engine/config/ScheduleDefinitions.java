package dev.cairn.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one schedule written with cairn.yaml's schedule keys (YAML or JSON, which is YAML too) for a site of a
 * loaded configuration, with the same checks as the file. The server uses it for schedules created through its
 * API, so a schedule means the same wherever it was written.
 */
public final class ScheduleDefinitions {

    /** A problem's field is the key within the schedule ({@code frequency}, {@code retention.keep-last}). */
    public record Result(ScheduleConfig schedule, List<ConfigProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private ScheduleDefinitions() {
    }

    /**
     * @param source names the text in problems (e.g. {@code api})
     * @return the schedule exactly when there are no problems
     */
    public static Result parse(CairnConfig config, String site, String name, String text, String source) {
        Problems problems = new Problems(Path.of(source));
        SiteConfig s = config.site(site).orElse(null);
        if (s == null) {
            problems.add(new YamlNode.Where(1, 1), "", "unknown site '" + site + "'");
            return new Result(null, problems.sorted());
        }
        if (!ConfigBinder.NAME.matcher(name).matches()) {
            problems.add(new YamlNode.Where(1, 1), "name", "schedule name '" + name + "' must start with a letter "
                    + "or digit and contain only letters, digits, '.', '_', '-' (at most 64)");
            return new Result(null, problems.sorted());
        }
        YamlNode node;
        try {
            node = YamlReader.read(new StringReader(text), problems);
        } catch (JsonProcessingException e) {
            problems.add(new YamlNode.Where(1, 1), "", "syntax error: " + e.getOriginalMessage());
            return new Result(null, problems.sorted());
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        ScheduleConfig parsed = new ScheduleBinder(problems, site, s.locations(), s.presets().keySet())
                .bind(name, node, "");
        List<ConfigProblem> list = problems.sorted();
        return new Result(list.isEmpty() ? parsed : null, list);
    }
}
