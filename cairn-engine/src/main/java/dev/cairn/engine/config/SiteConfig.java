package dev.cairn.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A site: its database, its media trees, extra paths (config files), the locations it is backed up to (the first is
 * the primary, the others receive copies), selective presets and schedules.
 *
 * @param database null for a media-only site
 */
public record SiteConfig(String name, DatabaseSource database, List<MediaTree> media, List<Path> extraPaths,
        List<String> locations, Map<String, Preset> presets, List<ScheduleConfig> schedules, Hooks hooks) {

    public SiteConfig {
        media = List.copyOf(media);
        extraPaths = List.copyOf(extraPaths);
        locations = List.copyOf(locations);
        presets = Map.copyOf(presets);
        schedules = List.copyOf(schedules);
        hooks = hooks == null ? Hooks.NONE : hooks;
    }

    public SiteConfig(String name, DatabaseSource database, List<MediaTree> media, List<Path> extraPaths,
            List<String> locations, Map<String, Preset> presets, List<ScheduleConfig> schedules) {
        this(name, database, media, extraPaths, locations, presets, schedules, Hooks.NONE);
    }

    /** What runs around a live restore (e.g. maintenance mode on and off); null = nothing. */
    public record Hooks(Hook beforeRestore, Hook afterRestore) {
        public static final Hooks NONE = new Hooks(null, null);
    }

    /**
     * A hook: a shell command ({@code sh -c}, in the configuration's folder) or an HTTP call (a {@code method} to
     * {@code url} with a small JSON body); it succeeds with exit code 0 or a 2xx answer within {@code timeout}.
     */
    public record Hook(String command, String url, String method, java.time.Duration timeout) {
        public String describe() {
            return command != null ? "command '" + command + "'" : method + " " + url;
        }
    }

    /**
     * A database URL ({@code postgresql://…}, {@code mariadb://…}, {@code mysql://…}, {@code sqlite:PATH} with the
     * path resolved against the configuration file's folder) and where its password comes from (null: none, or the
     * engine's usual sources such as {@code ~/.pgpass}).
     */
    public record DatabaseSource(String url, SecretRef password) {
    }

    /** A media tree: its name in the snapshot ({@code /site/<site>/media/<name>}), folder and patterns. */
    public record MediaTree(String name, Path path, List<String> include, List<String> exclude) {
        public MediaTree {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }
    }

    /** A named selection for {@code --type selective}: tables of the database and paths below the media trees. */
    public record Preset(String name, List<String> tables, List<String> paths) {
        public Preset {
            tables = List.copyOf(tables);
            paths = List.copyOf(paths);
        }
    }
}
