package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.config.SecretRef;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.config.SiteConfig.MediaTree;
import dev.cairn.snapshots.backup.VirtualEntry;
import dev.cairn.snapshots.fs.ExcludeRules;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseDump;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What goes into one site snapshot (DESIGN §3): the database dump below {@code /site/<site>/database/<name>/}, each
 * media tree below {@code /site/<site>/media/<tree>/}, extra paths below {@code /site/<site>/extra/<their absolute
 * path>}, and {@code /site/<site>/cairn-manifest.json} last, so it can describe what the dump held. The change
 * tokens (smart skip) are taken before anything is read.
 */
final class SiteContent {

    static final ObjectMapper JSON = new ObjectMapper();

    private final SiteConfig site;
    private final SnapshotLayout layout;
    private final boolean withDatabase;
    private final List<MediaTree> media;
    private final List<Path> extraPaths;
    private final DumpOptions dumpOptions;
    private final List<String> presetPaths;
    private final Map<String, ExcludeRules> rules = new LinkedHashMap<>();
    private final Map<String, MediaScan.Result> scans = new LinkedHashMap<>();
    private volatile Manifest manifest;

    SiteContent(SiteConfig site, BackupType type, SiteConfig.Preset preset) {
        this.site = site;
        this.layout = SnapshotLayout.site(site.name());
        boolean selective = type == BackupType.SELECTIVE;
        this.withDatabase = site.database() != null && type != BackupType.MEDIA
                && (!selective || !preset.tables().isEmpty());
        boolean withMedia = type != BackupType.DATABASE && (!selective || !preset.paths().isEmpty());
        this.media = withMedia ? site.media() : List.of();
        this.extraPaths = withMedia && !selective ? site.extraPaths() : List.of();
        this.presetPaths = selective ? preset.paths() : null;
        this.dumpOptions = selective ? DumpOptions.all().withTables(preset.tables()) : DumpOptions.all();
        if (!withDatabase && media.isEmpty() && extraPaths.isEmpty()) {
            throw new SiteException("a " + type.key() + " backup of site '" + site.name() + "' would be empty: "
                    + (type == BackupType.DATABASE ? "the site has no database" : type == BackupType.SELECTIVE
                            ? "the preset names no tables or paths this site has" : "the site has no media"));
        }
        for (MediaTree t : media) {
            rules.put(t.name(), MediaScan.rules(t, presetPaths));
        }
    }

    boolean withDatabase() {
        return withDatabase;
    }

    DatabaseUrl databaseUrl(Map<String, String> env) {
        return DatabaseUrl.parse(site.database().url(), env);
    }

    /**
     * The database environment with the site's password reference applied: a file is the dump's password file; an
     * environment variable or command is resolved and handed to the dump as PGPASSWORD / MYSQL_PWD, which the
     * tools read from their environment (never from their command line).
     */
    DatabaseEnvironment databaseEnvironment(DatabaseEnvironment base, Secrets secrets) throws IOException {
        return databaseEnvironment(site, base, secrets);
    }

    /** {@link #databaseEnvironment(DatabaseEnvironment, Secrets)} for {@code site} (restores use it too). */
    static DatabaseEnvironment databaseEnvironment(SiteConfig site, DatabaseEnvironment base, Secrets secrets)
            throws IOException {
        SecretRef ref = site.database() == null ? null : site.database().password();
        if (ref == null) {
            return base;
        }
        if (ref instanceof SecretRef.File f) {
            return base.withPasswordFile(f.path());
        }
        DatabaseUrl url = DatabaseUrl.parse(site.database().url(), base.env());
        Map<String, String> env = new HashMap<>(base.env());
        env.put(url.engine() == Engine.POSTGRESQL ? "PGPASSWORD" : "MYSQL_PWD",
                secrets.resolveString(ref, "database password of site '" + site.name() + "'"));
        return base.withEnv(env);
    }

    /** Takes the change tokens and scans the media trees (counts for the manifest). */
    Map<String, String> scan(DatabaseEnvironment env) throws IOException {
        Map<String, String> tokens = new LinkedHashMap<>();
        if (withDatabase) {
            tokens.put("database", ChangeTokens.token(databaseUrl(env.env()), env) + (dumpOptions.tables().isEmpty() ? ""
                    : " tables=" + dumpOptions.tables()));
        }
        for (MediaTree t : media) {
            MediaScan.Result r = MediaScan.scan(t, rules.get(t.name()));
            scans.put(t.name(), r);
            tokens.put("media/" + t.name(), r.fingerprint());
        }
        for (Path p : extraPaths) {
            tokens.put("extra" + p, java.nio.file.Files.isDirectory(p)
                    ? MediaScan.scan(new MediaTree("extra", p, List.of(), List.of()),
                            ExcludeRules.builder().build()).fingerprint()
                    : ChangeTokens.identity(p));
        }
        return tokens;
    }

    /** Opens the database for dumping (connects, pins its state); null when this backup has no database. */
    DatabaseDump openDatabase(DatabaseEnvironment env) throws IOException {
        if (!withDatabase) {
            return null;
        }
        return DatabaseBackup.open(new DatabaseBackup.Request(databaseUrl(env.env()), dumpOptions), env);
    }

    /**
     * The snapshot's entries: dump files, media trees, extra paths, and the manifest (read last).
     *
     * @param siteInfo what the manifest says about the backup besides the database (type, trigger, …)
     */
    List<VirtualEntry> entries(DatabaseDump dump, ObjectNode siteInfo, String program, Clock clock)
            throws IOException {
        List<VirtualEntry> entries = new ArrayList<>();
        if (dump != null) {
            entries.addAll(dump.entries(layout.databaseDir(dump.name())));
        }
        ArrayNode mediaInfo = siteInfo.putArray("media");
        for (MediaTree t : media) {
            String path = layout.root() + "/media/" + t.name();
            entries.add(VirtualEntry.copy(path, t.path(), rules.get(t.name())));
            MediaScan.Result r = scans.get(t.name());
            ObjectNode m = mediaInfo.addObject().put("name", t.name()).put("path", path)
                    .put("source", t.path().toString());
            if (r != null) {
                m.put("files", r.files()).put("dirs", r.dirs()).put("bytes", r.bytes());
            }
            t.exclude().forEach(m.withArray("exclude")::add);
            (presetPaths != null ? presetPaths : t.include()).forEach(m.withArray(presetPaths != null ? "paths"
                    : "include")::add);
        }
        ArrayNode extra = siteInfo.putArray("extra_paths");
        for (Path p : extraPaths) {
            String path = layout.root() + "/extra" + p;
            entries.add(VirtualEntry.copy(path, p));
            extra.addObject().put("path", path).put("source", p.toString());
        }
        entries.add(VirtualEntry.stream(layout.manifest(), () -> {
            List<Manifest.Database> dbs = new ArrayList<>();
            if (dump != null) {
                dbs.add(dump.describe(layout.databaseDir(dump.name())));
            }
            Manifest m = new Manifest(Manifest.FORMAT_VERSION, program, clock.instant(), dbs);
            manifest = m;
            ObjectNode doc = (ObjectNode) JSON.readTree(m.toJson());
            doc.set("site", siteInfo);
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
            byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return new ByteArrayInputStream(out);
        }));
        return entries;
    }

    /** The database part of the manifest, once the backup has read it. */
    Manifest manifest() {
        return manifest;
    }

    SnapshotLayout layout() {
        return layout;
    }
}
