package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.ToolProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tables the dump holds, and their rows in its snapshot. pg_dump decides the selection (its {@code -t},
 * {@code -T}, {@code -n} pattern rules, extension tables, system schemas): Cairn asks it, with a schema-only dump in
 * the same snapshot listed by {@code pg_restore -l}, whose TABLE entries carry each table's OID. Where the rows are
 * not counted off the dump itself ({@link CopyRowCounter}), every plain table (relkind {@code r}; a partitioned
 * table's rows are in its partitions) is counted with {@code SELECT count(*) FROM ONLY …} in the exported
 * snapshot's transaction.
 */
final class PgTables {

    /** {@code 215; 1259 16446 TABLE schema name owner}: 1259 is pg_class, then the table's OID. */
    private static final Pattern TABLE_ENTRY = Pattern.compile("^\\d+; 1259 (\\d+) TABLE ");

    record PgTable(long oid, String schema, String name, long sizeBytes) {
    }

    private PgTables() {
    }

    static List<PgTable> select(Connection c, PgDumpRun run, PgTools tools, Path tempDir) throws IOException,
            SQLException {
        Path schemaDump = Files.createTempFile(tempDir, "cairn-pg-schema", ".dump");
        List<Long> oids = new ArrayList<>();
        try {
            try (ToolProcess p = run.pgDump(List.of("--schema-only", "--format=custom",
                    "--file=" + schemaDump))) {
                p.awaitSuccess();
            }
            String list;
            try (ToolProcess p = ToolProcess.start("pg_restore", List.of(tools.pgRestore().toString(), "--list",
                    schemaDump.toString()), java.util.Map.of(), java.util.Set.of(), s -> { })) {
                list = new String(p.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            for (String line : list.split("\n")) {
                Matcher m = TABLE_ENTRY.matcher(line);
                if (m.find()) {
                    oids.add(Long.parseLong(m.group(1)));
                }
            }
        } finally {
            Files.deleteIfExists(schemaDump);
        }
        String sql = "SELECT c.oid, n.nspname, c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY(?) AND c.relkind = 'r' "
                + "ORDER BY n.nspname, c.relname";
        List<PgTable> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array arr = c.createArrayOf("oid", oids.toArray());
            ps.setArray(1, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PgTable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /** Rows of each table in the connection's (exported) snapshot. */
    static List<Manifest.Table> count(Connection c, List<PgTable> tables) throws SQLException {
        List<Manifest.Table> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (PgTable t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + quote(t.schema()) + "."
                        + quote(t.name()))) {
                    rs.next();
                    out.add(new Manifest.Table(t.schema(), t.name(), rs.getLong(1), t.sizeBytes()));
                }
            }
        }
        return out;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** pg_dump's own "no matching tables" and friends, passed on with the hint to check the patterns. */
    static DatabaseException selectionFailed(IOException e) {
        return new DatabaseException(e.getMessage().replace("; no snapshot was saved", "")
                + "; check --table/--exclude-table/--schema; no snapshot was saved", e);
    }
}
