package dev.cairn.sources.db;

/** The database engines Cairn backs up, named as in the manifest's {@code engine} field. */
public enum Engine {
    POSTGRESQL("postgresql"),
    /** MariaDB and MySQL: one engine for Cairn, dumped with {@code mariadb-dump} or {@code mysqldump}. */
    MARIADB("mariadb"),
    SQLITE("sqlite");

    private final String id;

    Engine(String id) {
        this.id = id;
    }

    /** The manifest name: {@code postgresql}, {@code mariadb} or {@code sqlite}. */
    public String id() {
        return id;
    }
}
