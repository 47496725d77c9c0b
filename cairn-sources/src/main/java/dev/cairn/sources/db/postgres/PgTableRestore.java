package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.restore.DumpFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores chosen tables into the live database in one transaction: one script, run by
 * {@code psql --single-transaction --set=ON_ERROR_STOP=1}, that empties the tables ({@code TRUNCATE}), loads their
 * rows from the archive ({@code pg_restore --data-only --disable-triggers}, so the live triggers do not fire for
 * restored rows) and finally checks every table's row count against the manifest, raising an error on a
 * difference. Any error rolls the whole transaction back: the live database is exactly as before. The tables'
 * definitions stay the live ones (a table whose columns changed since the backup fails the load); a table other
 * tables refer to by foreign key can only be restored together with them.
 */
final class PgTableRestore {

    private final PostgresRestore restore;
    private final PgTools tools;
    private final DatabaseUrl target;

    PgTableRestore(PostgresRestore restore, PgTools tools, DatabaseUrl target) {
        this.restore = restore;
        this.tools = tools;
        this.target = target;
    }

    void restore(DumpFiles dump, Manifest.Database db, List<Manifest.Table> tables) throws IOException {
        if (db.format().equals("pg_dump-plain")) {
            throw new DatabaseException("database " + db.name() + " was dumped in plain format, from which single "
                    + "tables cannot be restored; restore the whole database, or back up with the custom format");
        }
        Path dumpDir = dump.dir(); // pg_restore --table seeks in the archive: it needs a file
        String file = db.files().get(0).path();
        Path archive = dumpDir.resolve(db.format().equals("pg_dump-directory")
                ? file.substring(0, file.indexOf('/')) : file);
        Path script = dumpDir.resolve("cairn-tables.sql");
        List<String> names = new ArrayList<>();
        for (Manifest.Table t : tables) {
            names.add(PgTables.quote(t.schema()) + "." + PgTables.quote(t.name()));
        }
        Files.writeString(script, "SET client_min_messages = warning;\nTRUNCATE ONLY " + String.join(", ", names)
                + ";\n", StandardCharsets.UTF_8);
        for (Manifest.Table t : tables) {
            Path part = dumpDir.resolve("cairn-table.sql");
            restore.run("pg_restore", List.of(tools.pgRestore().toString(), "--data-only", "--disable-triggers",
                    "--schema=" + t.schema(), "--table=" + t.name(), "--file=" + part, archive.toString()), target);
            try (OutputStream out = Files.newOutputStream(script, StandardOpenOption.APPEND)) {
                Files.copy(part, out);
            }
            Files.delete(part);
        }
        Files.writeString(script, checks(tables), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        restore.run("psql", List.of(restore.psql().toString(), "--no-password", "--no-psqlrc", "--quiet",
                "--single-transaction", "--set=ON_ERROR_STOP=1", "--output=/dev/null", "--file=" + script), target);
    }

    /** A DO block that fails the transaction when a table's rows differ from the manifest. */
    private static String checks(List<Manifest.Table> tables) {
        StringBuilder sql = new StringBuilder("\nDO $cairn$ DECLARE n bigint; BEGIN\n");
        for (Manifest.Table t : tables) {
            String q = PgTables.quote(t.schema()) + "." + PgTables.quote(t.name());
            String label = t.qualifiedName().replace("'", "''").replace("%", "%%");
            sql.append("  SELECT count(*) INTO n FROM ONLY ").append(q).append(";\n")
                    .append("  IF n <> ").append(t.rows()).append(" THEN RAISE EXCEPTION 'cairn: verification "
                            + "against the manifest failed: ").append(label).append(" has % rows, the manifest says ")
                    .append(t.rows()).append("', n; END IF;\n");
        }
        return sql.append("END $cairn$;\n").toString();
    }
}
