package dev.cairn.engine.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Plain JDBC with the few conveniences the stores need: positional binding, row mapping, {@code RETURNING id}.
 * Each operation borrows a connection from a few kept idle (a new PostgreSQL connection costs tens of
 * milliseconds) and returns it, so any thread may use the catalog (jobs report progress from virtual threads).
 */
final class Db implements AutoCloseable {

    /** Idle connections kept for reuse; more may be open at once while busy, the rest are closed after use. */
    private static final int MAX_IDLE = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    final Dialect dialect;
    private final String url;
    private final Properties properties;

    Db(String url, String user, String password) {
        this.dialect = Dialect.of(url);
        this.url = url;
        this.properties = new Properties();
        if (dialect == Dialect.SQLITE) {
            // Several writers (scheduler, jobs) share one file: wait for the lock instead of failing at once.
            properties.setProperty("busy_timeout", "30000");
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("foreign_keys", "true");
        }
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
    }

    String url() {
        return url;
    }

    private final java.util.concurrent.BlockingQueue<Connection> idle =
            new java.util.concurrent.ArrayBlockingQueue<>(MAX_IDLE);

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.poll();
        return c != null ? c : connect();
    }

    /** Keeps a healthy connection for the next operation; a connection that failed is closed. */
    private void release(Connection c, boolean healthy) {
        try {
            if (!healthy || !c.getAutoCommit() || !idle.offer(c)) {
                c.close();
            }
        } catch (SQLException e) {
            // closing a broken connection: nothing more to do
        }
    }

    @Override
    public void close() {
        for (Connection c; (c = idle.poll()) != null; ) {
            release(c, false);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T with(String sql, Work<T> work) {
        Connection c = null;
        boolean healthy = false;
        try {
            c = borrow();
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw failure(sql, e);
        } finally {
            if (c != null) {
                release(c, healthy);
            }
        }
    }

    @FunctionalInterface
    interface Binder {
        void bind(Params p) throws SQLException;
    }

    @FunctionalInterface
    interface Mapper<T> {
        T map(Row r) throws SQLException;
    }

    <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        return with(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.sql(sql))) {
                binder.bind(new Params(ps));
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    Row row = new Row(rs);
                    while (rs.next()) {
                        out.add(mapper.map(row));
                    }
                    return out;
                }
            }
        });
    }

    <T> Optional<T> one(String sql, Binder binder, Mapper<T> mapper) {
        return query(sql, binder, mapper).stream().findFirst();
    }

    int update(String sql, Binder binder) {
        return with(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect.sql(sql))) {
                binder.bind(new Params(ps));
                return ps.executeUpdate();
            }
        });
    }

    /** Runs an INSERT … RETURNING id and returns the id. */
    long insert(String sql, Binder binder) {
        return one(sql + " RETURNING id", binder, r -> r.lng("id")).orElseThrow();
    }

    private CatalogException failure(String sql, SQLException e) {
        String op = sql.strip().split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
        return new CatalogException("catalog " + op + " failed on " + url + ": " + e.getMessage()
                + " (check that the catalog database is reachable and writable)", e);
    }

    static String json(List<String> list) {
        try {
            return list == null ? null : JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> list(String json) {
        try {
            return json == null ? List.of() : List.copyOf(JSON.readValue(json, new TypeReference<List<String>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new CatalogException("catalog holds malformed JSON: " + json, e);
        }
    }

    /** Positional parameters, numbered in call order. */
    final class Params {
        private final PreparedStatement ps;
        private int index;

        Params(PreparedStatement ps) {
            this.ps = ps;
        }

        Params str(String v) throws SQLException {
            ps.setString(++index, v);
            return this;
        }

        Params lng(Long v) throws SQLException {
            if (v == null) {
                ps.setNull(++index, Types.BIGINT);
            } else {
                ps.setLong(++index, v);
            }
            return this;
        }

        Params bool(boolean v) throws SQLException {
            ps.setBoolean(++index, v);
            return this;
        }

        Params time(Instant v) throws SQLException {
            dialect.bindInstant(ps, ++index, v);
            return this;
        }

        /** A JSON document; the SQL must have {@code {json}} at this position. */
        Params json(String v) throws SQLException {
            if (v == null) {
                ps.setNull(++index, dialect == Dialect.SQLITE ? Types.VARCHAR : Types.OTHER);
            } else {
                ps.setString(++index, v);
            }
            return this;
        }
    }

    /** The current row of a result set, by column name. */
    final class Row {
        private final ResultSet rs;

        Row(ResultSet rs) {
            this.rs = rs;
        }

        String str(String column) throws SQLException {
            return rs.getString(column);
        }

        Long lng(String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        }

        long num(String column) throws SQLException {
            return rs.getLong(column);
        }

        boolean bool(String column) throws SQLException {
            return rs.getBoolean(column);
        }

        Instant time(String column) throws SQLException {
            return dialect.readInstant(rs, column);
        }
    }
}
