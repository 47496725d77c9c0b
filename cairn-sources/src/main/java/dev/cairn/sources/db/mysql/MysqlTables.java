package dev.cairn.sources.db.mysql;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.NamePatterns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The tables and views of a MariaDB/MySQL database: which to skip, which are not transactional, their sizes. */
final class MysqlTables {

    /** Engines whose tables take part in {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}. */
    private static final Set<String> TRANSACTIONAL = Set.of("innodb", "rocksdb", "tokudb");

    /**
     * @param excluded         tables and views to leave out ({@code --ignore-table})
     * @param nonTransactional selected base tables as {@code name (ENGINE)}
     * @param sizes            data + index bytes of each base table
     */
    record Listing(List<String> excluded, List<String> nonTransactional, Map<String, Long> sizes) {
    }

    private MysqlTables() {
    }

    static String serverVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Listing list(Connection c, String database, NamePatterns patterns) throws SQLException,
            DatabaseException {
        List<String> excluded = new ArrayList<>();
        List<String> nonTransactional = new ArrayList<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        int selected = 0;
        String sql = "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) "
                + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!patterns.selects(name)) {
                        excluded.add(name);
                        continue;
                    }
                    selected++;
                    String engine = rs.getString(3);
                    if ("BASE TABLE".equals(rs.getString(2))) {
                        sizes.put(name, rs.getLong(4));
                        if (engine != null && !TRANSACTIONAL.contains(engine.toLowerCase(Locale.ROOT))) {
                            nonTransactional.add(name + " (" + engine + ")");
                        }
                    }
                }
            }
        }
        if (selected == 0 && !patterns.include().isEmpty()) {
            throw new DatabaseException("no table of database " + database + " matches --table "
                    + patterns.include() + "; check the names (patterns use * and ?)");
        }
        return new Listing(excluded, nonTransactional, sizes);
    }
}
