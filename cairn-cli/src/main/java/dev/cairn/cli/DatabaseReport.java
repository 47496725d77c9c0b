package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.sources.db.Manifest;

/** The databases part of {@code cairn backup}'s summary: tables and rows of each dump. */
final class DatabaseReport {

    /** Tables listed per database in the text summary unless --verbose. */
    private static final int SHOWN_TABLES = 20;

    private DatabaseReport() {
    }

    static void text(Output out, Manifest manifest) {
        for (Manifest.Database d : manifest.databases()) {
            out.line(String.format("Database %s (%s %s, %s): %d tables, %d rows, dump %s in %s", d.name(),
                    d.engine(), d.serverVersion(), d.format(), d.tables().size(), d.totalRows(),
                    Output.bytes(d.dumpBytes()), d.path()));
            int shown = out.verbose() ? d.tables().size() : Math.min(SHOWN_TABLES, d.tables().size());
            int width = d.tables().stream().limit(shown).mapToInt(t -> t.qualifiedName().length()).max().orElse(0);
            for (Manifest.Table t : d.tables().subList(0, shown)) {
                out.line(String.format("  %-" + width + "s %12d rows", t.qualifiedName(), t.rows()));
            }
            if (shown < d.tables().size()) {
                out.line("  … and " + (d.tables().size() - shown) + " more tables (--verbose lists all; the "
                        + "snapshot's cairn-manifest.json has every count)");
            }
        }
    }

    static void json(ObjectNode node, Manifest manifest) {
        ArrayNode dbs = node.putArray("databases");
        for (Manifest.Database d : manifest.databases()) {
            ObjectNode o = dbs.addObject();
            o.put("name", d.name());
            o.put("engine", d.engine());
            o.put("path", d.path());
            o.put("server_version", d.serverVersion());
            o.put("format", d.format());
            o.put("dump_bytes", d.dumpBytes());
            o.put("total_rows", d.totalRows());
            o.put("atomic", d.consistency().atomic());
            ArrayNode tables = o.putArray("tables");
            for (Manifest.Table t : d.tables()) {
                ObjectNode to = tables.addObject();
                if (t.schema() != null) {
                    to.put("schema", t.schema());
                }
                to.put("name", t.name());
                to.put("rows", t.rows());
            }
            ArrayNode warnings = o.putArray("warnings");
            d.warnings().forEach(warnings::add);
        }
    }
}
