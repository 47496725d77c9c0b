package dev.cairn.sources.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Databases with unique names that are dropped at the end of each test, whatever happened (register this as an
 * extension field and call {@link #close()} from {@code @AfterEach}).
 */
public final class ThrowAwayDatabases implements AutoCloseable {

    private final boolean postgres;
    private final List<String> created = new ArrayList<>();

    private ThrowAwayDatabases(boolean postgres) {
        this.postgres = postgres;
    }

    public static ThrowAwayDatabases postgres() {
        return new ThrowAwayDatabases(true);
    }

    public static ThrowAwayDatabases mariadb() {
        return new ThrowAwayDatabases(false);
    }

    /** A unique name {@code cairn_t_<prefix>_<random>}, dropped at the end (with what restores made next to it). */
    public String reserve(String prefix) {
        byte[] r = new byte[5];
        new SecureRandom().nextBytes(r);
        String name = "cairn_t_" + prefix + "_" + HexFormat.of().formatHex(r);
        created.add(name);
        return name;
    }

    /**
     * The databases a restore made next to {@code name}: {@code name__cairn_*} (new copy, previous state) and
     * sandboxes {@code cairn_sandbox_name_*}.
     */
    public List<String> related(String name) throws SQLException {
        List<String> out = new ArrayList<>();
        String sql = postgres ? "SELECT datname FROM pg_database" : "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA";
        try (Connection c = admin(); Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String n = rs.getString(1);
                if (n.startsWith(name + "__cairn_") || n.startsWith("cairn_sandbox_" + name + "_")) {
                    out.add(n);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Creates an empty database named {@code cairn_t_<prefix>_<random>}. */
    public String create(String prefix) throws SQLException {
        String name = reserve(prefix);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute(postgres ? "CREATE DATABASE " + name : "CREATE DATABASE " + name
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
        return name;
    }

    private Connection admin() throws SQLException {
        return postgres ? Servers.postgres("postgres") : Servers.mariadb("");
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        List<String> all = new ArrayList<>(created);
        for (String name : created) {
            try {
                all.addAll(related(name));
            } catch (SQLException e) {
                first = e;
            }
        }
        for (String name : all) {
            try (Connection c = admin(); Statement st = c.createStatement()) {
                st.execute(postgres ? "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)"
                        : "DROP DATABASE IF EXISTS `" + name + "`");
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        created.clear();
        if (first != null) {
            throw first;
        }
    }
}
