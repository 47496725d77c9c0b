package dev.cairn.engine.config;

import dev.cairn.engine.config.CairnConfig.CatalogConfig;
import dev.cairn.engine.config.CairnConfig.SchedulerConfig;
import dev.cairn.engine.config.SiteConfig.DatabaseSource;
import dev.cairn.engine.config.SiteConfig.MediaTree;
import dev.cairn.engine.config.SiteConfig.Preset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the located YAML tree into a {@link CairnConfig}, collecting every problem on the way. */
final class ConfigBinder {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*:[^/@]*@.*");
    static final String NO_INLINE = "inline passwords are not allowed in cairn.yaml: name a file (password-file), an "
            + "environment variable (password-env) or a command that prints it (password-command)";

    private final Path file;
    private final Path base;
    private final Problems problems;
    private final Map<String, String> env;

    ConfigBinder(Path file, Problems problems, Map<String, String> env) {
        this.file = file;
        this.base = file.getParent();
        this.problems = problems;
        this.env = env;
    }

    CairnConfig bind(YamlNode root) {
        Fields top = Fields.of(root, "", problems, "catalog", "scheduler", "locations", "sites");
        CatalogConfig catalog = catalog(top.map("catalog", "url", "user", "password", "password-file",
                "password-env", "password-command"));
        Fields sched = top.map("scheduler", "max-concurrent-jobs");
        Integer max = sched.integer("max-concurrent-jobs", 1, 64);
        sched.finish();
        Map<String, LocationConfig> locations = new LinkedHashMap<>();
        top.named("locations").forEach((name, e) -> {
            LocationConfig l = location(name, e, top.path("locations") + "." + name);
            if (l != null) {
                locations.put(name, l);
            }
        });
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        if (!top.has("sites")) {
            top.problemHere("no sites defined: add a 'sites:' map (see examples/cairn.yaml)");
        }
        top.named("sites").forEach((name, e) -> sites.put(name, site(name, e, "sites." + name, locations)));
        top.finish();
        return new CairnConfig(file, catalog, new SchedulerConfig(max == null ? 2 : max), locations, sites);
    }

    private CatalogConfig catalog(Fields f) {
        String url = f.string("url");
        String user = f.string("user");
        SecretRef password = password(f, false);
        f.finish();
        if (url == null) {
            return new CatalogConfig("jdbc:sqlite:" + base.resolve("cairn-catalog.db"), null, null);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new CatalogConfig("jdbc:sqlite:" + path(f, "url", url.substring("jdbc:sqlite:".length())),
                    null, null);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            f.problem("url", "catalog url must be jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE, got '"
                    + url + "'");
        } else if (url.contains("password=")) {
            f.problem("url", NO_INLINE);
        }
        return new CatalogConfig(url, user, password);
    }

    private LocationConfig location(String name, YamlNode.Entry e, String path) {
        checkName(e, path, "location");
        Fields f = Fields.of(e.value(), path, problems, "url", "password", "password-file", "password-env",
                "password-command", "credentials", "options", "prune-every");
        String url = f.requiredString("url");
        SecretRef password = password(f, true);
        java.time.Duration pruneEvery = ScheduleBinder.duration(f, "prune-every");
        Map<String, SecretRef> credentials = new LinkedHashMap<>();
        f.named("credentials").forEach((var, c) -> {
            SecretRef ref = credential(c, f.path("credentials") + "." + var);
            if (ref != null) {
                credentials.put(var, ref);
            }
        });
        Map<String, String> options = new LinkedHashMap<>();
        f.named("options").forEach((opt, o) -> {
            if (o.value() instanceof YamlNode.Scalar s) {
                options.put(opt, s.text());
            } else {
                problems.add(o.value().where(), f.path("options") + "." + opt, "expected a single value");
            }
        });
        f.finish();
        if (url == null) {
            return null;
        }
        return new LocationConfig(name, repositoryUrl(f, url), password, credentials, options, pruneEvery);
    }

    /** Local repository paths resolve against the config's folder; other backends' URLs stay as written. */
    private String repositoryUrl(Fields f, String url) {
        if (PASSWORD_IN_URL.matcher(url).matches()) {
            f.problem("url", NO_INLINE + " (the URL contains user:password@)");
        }
        boolean local = url.startsWith("local:") || !URL_SCHEME.matcher(url).matches();
        if (!local) {
            return url;
        }
        Path p = path(f, "url", url.startsWith("local:") ? url.substring(6) : url);
        if (p != null && p.getParent() != null && !Files.isDirectory(p.getParent())) {
            f.problem("url", "the folder " + p.getParent() + " that should hold the repository does not exist");
        }
        return p == null ? url : p.toString();
    }

    private SecretRef credential(YamlNode.Entry e, String path) {
        if (e.value() instanceof YamlNode.Scalar) {
            problems.add(e.value().where(), path, "inline credentials are not allowed in cairn.yaml: write "
                    + "{env: VARIABLE} or {file: PATH}");
            return null;
        }
        Fields f = Fields.of(e.value(), path, problems, "env", "file");
        String var = f.string("env");
        String fileRef = f.string("file");
        f.finish();
        if ((var == null) == (fileRef == null)) {
            f.problemHere("give exactly one of 'env' or 'file'");
            return null;
        }
        return var != null ? new SecretRef.Env(var) : readableFile(f, "file", fileRef);
    }

    /** password-file / password-env / password-command (at most one; {@code required}: exactly one). */
    SecretRef password(Fields f, boolean required) {
        if (f.has("password")) {
            f.node("password");
            f.problem("password", NO_INLINE);
        }
        String file = f.string("password-file");
        String var = f.string("password-env");
        String command = f.string("password-command");
        int given = (file != null ? 1 : 0) + (var != null ? 1 : 0) + (command != null ? 1 : 0);
        if (given > 1) {
            f.problemHere("give only one of password-file, password-env, password-command");
            return null;
        }
        if (given == 0) {
            if (required && !f.has("password")) {
                f.problemHere("missing the repository password: add password-file, password-env or "
                        + "password-command");
            }
            return null;
        }
        if (file != null) {
            return readableFile(f, "password-file", file);
        }
        return var != null ? new SecretRef.Env(var) : new SecretRef.Command(command);
    }

    private SecretRef readableFile(Fields f, String key, String text) {
        Path p = path(f, key, text);
        if (p == null) {
            return null;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            f.problem(key, "cannot read " + p + ": " + (Files.exists(p) ? "not a readable file" : "no such file"));
        }
        return new SecretRef.File(p);
    }

    private SiteConfig site(String name, YamlNode.Entry e, String path, Map<String, LocationConfig> locations) {
        checkName(e, path, "site");
        Fields f = Fields.of(e.value(), path, problems, "database", "media", "extra-paths", "locations", "presets",
                "schedules", "hooks");
        DatabaseSource db = f.has("database") ? database(f.map("database", "url", "password", "password-file",
                "password-env", "password-command")) : null;
        List<MediaTree> media = media(f);
        List<Path> extra = new ArrayList<>();
        for (String p : f.strings("extra-paths")) {
            Path resolved = existing(f, "extra-paths", p, false);
            if (resolved != null) {
                extra.add(resolved);
            }
        }
        if (!f.has("database") && !f.has("media") && !f.has("extra-paths")) {
            f.problemHere("site '" + name + "' backs up nothing: add a database, media or extra-paths");
        }
        List<String> siteLocations = f.strings("locations");
        if (siteLocations.isEmpty() && !f.has("locations")) {
            f.problemHere("missing required key 'locations' (the repositories this site is backed up to)");
        }
        for (String l : siteLocations) {
            if (!locations.containsKey(l)) {
                f.problem("locations", "unknown location '" + l + "' (defined: " + defined(locations.keySet())
                        + ")");
            }
        }
        Map<String, Preset> presets = new LinkedHashMap<>();
        f.named("presets").forEach((pn, pe) -> {
            checkName(pe, f.path("presets") + "." + pn, "preset");
            Fields pf = Fields.of(pe.value(), f.path("presets") + "." + pn, problems, "tables", "paths");
            presets.put(pn, new Preset(pn, pf.strings("tables"), pf.strings("paths")));
            pf.finish();
        });
        ScheduleBinder schedules = new ScheduleBinder(problems, name, siteLocations, presets.keySet());
        List<ScheduleConfig> list = new ArrayList<>();
        f.named("schedules").forEach((sn, se) -> {
            checkName(se, f.path("schedules") + "." + sn, "schedule");
            ScheduleConfig s = schedules.bind(sn, se.value(), f.path("schedules") + "." + sn);
            if (s != null) {
                list.add(s);
            }
        });
        SiteConfig.Hooks hooks = SiteConfig.Hooks.NONE;
        if (f.has("hooks")) {
            Fields h = f.map("hooks", "before-restore", "after-restore");
            hooks = new SiteConfig.Hooks(hook(h, "before-restore"), hook(h, "after-restore"));
            h.finish();
        }
        f.finish();
        return new SiteConfig(name, db, media, extra, siteLocations, presets, list, hooks);
    }

    private SiteConfig.Hook hook(Fields parent, String key) {
        if (!parent.has(key)) {
            return null;
        }
        Fields f = parent.map(key, "command", "url", "method", "timeout");
        String command = f.string("command");
        String url = f.string("url");
        String method = f.string("method");
        java.time.Duration timeout = ScheduleBinder.duration(f, "timeout");
        if ((command == null) == (url == null)) {
            f.problemHere("a hook needs exactly one of 'command' or 'url'");
        }
        if (url != null && !url.matches("https?://.+")) {
            f.problem("url", "expected an http:// or https:// URL, got '" + url + "'");
        }
        if (url != null && PASSWORD_IN_URL.matcher(url).matches()) {
            f.problem("url", NO_INLINE + " (the URL contains user:password@)");
        }
        if (method != null && command != null) {
            f.problem("method", "'method' goes with 'url', not with 'command'");
        }
        if (method != null && !method.matches("GET|POST|PUT")) {
            f.problem("method", "expected GET, POST or PUT, got '" + method + "'");
        }
        f.finish();
        return new SiteConfig.Hook(command, url, url == null ? null : method == null ? "POST" : method,
                timeout == null || timeout.isZero() ? java.time.Duration.ofMinutes(5) : timeout);
    }

    private DatabaseSource database(Fields f) {
        String url = f.requiredString("url");
        SecretRef password = password(f, false);
        f.finish();
        if (url == null) {
            return null;
        }
        if (PASSWORD_IN_URL.matcher(url).matches()) {
            f.problem("url", NO_INLINE + " (the URL contains user:password@)");
        }
        if (url.startsWith("sqlite:")) {
            Path p = existing(f, "url", url.substring("sqlite:".length()), false);
            return new DatabaseSource(p == null ? url : "sqlite:" + p, password);
        }
        if (!url.matches("^(postgresql|postgres|mariadb|mysql)://.+")) {
            f.problem("url", "unsupported database URL '" + url + "': use postgresql://USER@HOST:PORT/DB, "
                    + "mariadb://…, mysql://… or sqlite:PATH");
        }
        return new DatabaseSource(url, password);
    }

    private List<MediaTree> media(Fields site) {
        YamlNode n = site.node("media");
        List<MediaTree> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YamlNode> items = n instanceof YamlNode.Seq s ? s.items() : List.of(n);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = site.path("media") + "[" + i + "]";
            YamlNode item = items.get(i);
            Fields f = item instanceof YamlNode.Scalar
                    ? null : Fields.of(item, path, problems, "name", "path", "include", "exclude");
            String dir = f == null ? ((YamlNode.Scalar) item).text() : f.requiredString("path");
            Path p = dir == null ? null : existing(f == null ? site : f, f == null ? "media" : "path", dir, true);
            String name = f == null ? null : f.string("name");
            if (name == null && p != null) {
                name = p.getFileName() == null ? "media" : p.getFileName().toString();
            }
            List<String> include = f == null ? List.of() : f.strings("include");
            List<String> exclude = f == null ? List.of() : f.strings("exclude");
            if (f != null) {
                f.finish();
            }
            if (name != null && !names.add(name)) {
                problems.add(item.where(), path, "two media trees are named '" + name + "': give one a 'name'");
            } else if (name != null && !NAME.matcher(name).matches()) {
                problems.add(item.where(), path, "media name '" + name + "' must be letters, digits, . _ -");
            }
            if (p != null && name != null) {
                out.add(new MediaTree(name, p, include, exclude));
            }
        }
        return out;
    }

    /** Resolves a path against the config's folder; reports it when it does not exist. */
    private Path existing(Fields f, String key, String text, boolean directory) {
        Path p = path(f, key, text);
        if (p != null && !(directory ? Files.isDirectory(p) : Files.exists(p))) {
            f.problem(key, "cannot reach " + p + ": " + (Files.exists(p) ? "not a folder" : "no such "
                    + (directory ? "folder" : "file")));
        }
        return p;
    }

    private Path path(Fields f, String key, String text) {
        try {
            String expanded = text.startsWith("~/") ? env.getOrDefault("HOME", "~") + text.substring(1) : text;
            return base.resolve(expanded).normalize();
        } catch (InvalidPathException e) {
            f.problem(key, "invalid path '" + text + "': " + e.getReason());
            return null;
        }
    }

    private void checkName(YamlNode.Entry e, String path, String what) {
        if (!NAME.matcher(e.key()).matches()) {
            problems.add(e.keyWhere(), path, what + " name '" + e.key()
                    + "' must start with a letter or digit and contain only letters, digits, '.', '_', '-'");
        }
    }

    static String defined(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
