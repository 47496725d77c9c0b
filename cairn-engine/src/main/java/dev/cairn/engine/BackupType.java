package dev.cairn.engine;

import java.util.Locale;

/**
 * What a site backup contains and which snapshot it builds on (DESIGN §3). Every snapshot is complete on its own;
 * the type only chooses the parent (which files are re-read) and the parts of the site that go in.
 */
public enum BackupType {
    /** Database and media, no parent: every file is read again. */
    FULL,
    /** Database and media, the site's latest snapshot as parent. */
    INCREMENTAL,
    /** Database and media, the site's latest full snapshot as parent. */
    DIFFERENTIAL,
    /** Only the database. */
    DATABASE,
    /** Only the media trees (and extra paths). */
    MEDIA,
    /** The tables and paths of a named preset. */
    SELECTIVE;

    /** The lower-case name used in cairn.yaml, snapshot tags and the catalog. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BackupType parse(String text) {
        for (BackupType t : values()) {
            if (t.key().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown backup type '" + text
                + "': use full, incremental, differential, database, media or selective");
    }
}
