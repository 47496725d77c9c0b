package dev.cairn.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, validated {@code cairn.yaml}: every reference resolves, every path is absolute.
 *
 * @param file the configuration file (absolute)
 * @param sites in file order
 */
public record CairnConfig(Path file, CatalogConfig catalog, SchedulerConfig scheduler,
        Map<String, LocationConfig> locations, Map<String, SiteConfig> sites) {

    public CairnConfig {
        locations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(locations));
        sites = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sites));
    }

    /** The folder relative paths in the file are resolved against. */
    public Path baseDir() {
        return file.getParent();
    }

    public Optional<SiteConfig> site(String name) {
        return Optional.ofNullable(sites.get(name));
    }

    /** Every schedule of every site, in file order. */
    public List<ScheduleConfig> schedules() {
        return sites.values().stream().flatMap(s -> s.schedules().stream()).toList();
    }

    /**
     * Where the catalog lives.
     *
     * @param url a JDBC URL ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://…})
     * @param user null for SQLite
     * @param password null for SQLite or a password-less login
     */
    public record CatalogConfig(String url, String user, SecretRef password) {
    }

    /** Scheduler-wide settings. */
    public record SchedulerConfig(int maxConcurrentJobs) {
    }
}
