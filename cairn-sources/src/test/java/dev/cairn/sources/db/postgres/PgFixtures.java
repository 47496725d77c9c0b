package dev.cairn.sources.db.postgres;

import dev.cairn.sources.testing.Servers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A rich PostgreSQL schema and the facts compared after a round trip. */
final class PgFixtures {

    static final String RICH_SCHEMA = """
            CREATE SCHEMA shop;
            CREATE SCHEMA audit;
            CREATE TYPE shop.status AS ENUM ('new', 'paid', 'shipped');
            CREATE DOMAIN shop.email AS text CHECK (VALUE LIKE '%@%');
            CREATE SEQUENCE shop.invoice_no START 1000;
            CREATE TABLE shop.customer (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              email shop.email NOT NULL, name text, tags text[], prefs jsonb, created timestamptz DEFAULT now());
            CREATE TABLE shop.orders (
              id serial PRIMARY KEY, customer_id bigint REFERENCES shop.customer(id), status shop.status,
              qty int, unit numeric(10,2), net numeric GENERATED ALWAYS AS (qty * unit) STORED,
              invoice int DEFAULT nextval('shop.invoice_no'), photo bytea, placed timestamptz);
            CREATE TABLE audit.log (id bigserial PRIMARY KEY, at timestamptz, msg text);
            CREATE FUNCTION audit.note() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN INSERT INTO audit.log(at, msg) VALUES (now(), TG_OP || ' ' || NEW.id); RETURN NEW; END $$;
            CREATE TRIGGER orders_audit AFTER INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION audit.note();
            CREATE TABLE shop.events (id int, day date, payload jsonb) PARTITION BY RANGE (day);
            CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE shop.events_2025 PARTITION OF shop.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE VIEW shop.paid AS SELECT * FROM shop.orders WHERE status = 'paid';
            CREATE TABLE public.docs (id int PRIMARY KEY, title text, body oid);
            CREATE TABLE public."Odd ""name"" table" (k text PRIMARY KEY, v double precision[]);
            COMMENT ON TABLE shop.customer IS 'people who buy — ünïcode ✓';
            COMMENT ON COLUMN shop.orders.net IS 'generated';
            INSERT INTO shop.customer (email, name, tags, prefs)
              SELECT 'c' || g || '@example.org', 'Name ' || g || ' 😀 ''quoted'' \\ back', ARRAY['a' || g, 'b'],
                     jsonb_build_object('n', g, 'nested', jsonb_build_array(g, 'x', null))
              FROM generate_series(1, 300) g;
            INSERT INTO shop.orders (customer_id, status, qty, unit, photo, placed)
              SELECT 1 + g % 300, (ARRAY['new','paid','shipped']::shop.status[])[1 + g % 3], g % 7, g * 1.25,
                     decode(md5(g::text) || md5((g * 7)::text), 'hex'), timestamptz '2024-03-01 10:00+02' + g * interval '1 hour'
              FROM generate_series(1, 2000) g;
            INSERT INTO shop.events SELECT g, date '2024-06-01' + g, jsonb_build_object('g', g) FROM generate_series(1, 400) g;
            INSERT INTO public.docs SELECT g, 'doc ' || g, lo_from_bytea(0, convert_to(repeat('large object ' || g, 100), 'UTF8'))
              FROM generate_series(1, 5) g;
            INSERT INTO public."Odd ""name"" table" VALUES ('pi', ARRAY[3.14159, 2.71828]), ('e', '{}');
            CREATE MATERIALIZED VIEW shop.totals AS SELECT customer_id, sum(net) AS s FROM shop.orders GROUP BY customer_id;
            SELECT setval('shop.invoice_no', 5000);
            """;

    private PgFixtures() {
    }

    static void execute(String db, String sql) throws SQLException {
        try (Connection c = Servers.postgres(db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count(String db, String table) throws SQLException {
        try (Connection c = Servers.postgres(db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** schema.table → "rows:md5 of the rows' text, in order" for every plain table outside system schemas. */
    static Map<String, String> tableHashes(String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = Servers.postgres(db); Statement st = c.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', "
                    + "'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] t : tables) {
                String q = PgTables.quote(t[0]) + "." + PgTables.quote(t[1]);
                try (ResultSet rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                        + "ORDER BY t::text), '')) FROM ONLY " + q + " t")) {
                    rs.next();
                    out.put(t[0] + "." + t[1], rs.getLong(1) + ":" + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Everything besides table rows that a restore must bring back, as comparable text. */
    static Map<String, String> otherFacts(String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String[][] queries = {
            {"sequences", "SELECT string_agg(schemaname || '.' || sequencename || '=' || coalesce(last_value::text, "
                    + "'null'), ',' ORDER BY schemaname, sequencename) FROM pg_sequences"},
            {"large objects", "SELECT string_agg(md5(lo_get(oid)), ',' ORDER BY md5(lo_get(oid))) "
                    + "FROM pg_largeobject_metadata"},
            {"matview", "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM shop.totals t"},
            {"comment", "SELECT obj_description('shop.customer'::regclass) || '|' || "
                    + "col_description('shop.orders'::regclass, 6)"},
            {"enum", "SELECT enum_range(NULL::shop.status)::text"},
            {"triggers", "SELECT string_agg(tgname, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal"},
            {"functions", "SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc p JOIN pg_namespace n "
                    + "ON n.oid = p.pronamespace WHERE n.nspname IN ('shop', 'audit')"},
            {"views", "SELECT string_agg(schemaname || '.' || viewname, ',' ORDER BY viewname) FROM pg_views "
                    + "WHERE schemaname = 'shop'"},
            {"partitions", "SELECT string_agg(inhrelid::regclass::text, ',' ORDER BY inhrelid::regclass::text) "
                    + "FROM pg_inherits WHERE inhparent = 'shop.events'::regclass"},
            {"foreign keys", "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype = 'f'"},
            {"domain", "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = 'shop.email'::regtype"},
        };
        try (Connection c = Servers.postgres(db); Statement st = c.createStatement()) {
            for (String[] q : queries) {
                try (ResultSet rs = st.executeQuery(q[1])) {
                    rs.next();
                    out.put(q[0], rs.getString(1));
                }
            }
        }
        return out;
    }
}
