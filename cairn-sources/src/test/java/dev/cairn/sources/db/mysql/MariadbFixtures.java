package dev.cairn.sources.db.mysql;

import dev.cairn.sources.testing.Servers;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A rich MariaDB schema and the facts compared after a round trip. */
final class MariadbFixtures {

    static final String[] RICH_SCHEMA = {
        "CREATE TABLE author (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, bio TEXT) ENGINE=InnoDB",
        "CREATE TABLE post (id BIGINT AUTO_INCREMENT PRIMARY KEY, author_id INT NOT NULL, title VARCHAR(200),"
                + " body MEDIUMTEXT, cover LONGBLOB, price DECIMAL(10,2), qty INT,"
                + " total DECIMAL(12,2) AS (price * qty) STORED, slug VARCHAR(220) AS (LOWER(title)) VIRTUAL,"
                + " created DATETIME(6), FOREIGN KEY (author_id) REFERENCES author(id)) ENGINE=InnoDB",
        "CREATE TABLE post_log (id INT AUTO_INCREMENT PRIMARY KEY, post_id BIGINT, at TIMESTAMP(3)) ENGINE=InnoDB",
        "CREATE TABLE `odd ``name`` table` (k VARCHAR(20) PRIMARY KEY, v JSON) ENGINE=InnoDB",
        "CREATE TRIGGER post_ai AFTER INSERT ON post FOR EACH ROW INSERT INTO post_log (post_id, at)"
                + " VALUES (NEW.id, NOW(3))",
        "CREATE PROCEDURE add_author(IN n VARCHAR(100)) BEGIN\nINSERT INTO author (name) VALUES (n);\nEND",
        "CREATE FUNCTION post_count(a INT) RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM post"
                + " WHERE author_id = a)",
        "CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO"
                + " DELETE FROM post_log WHERE at < NOW() - INTERVAL 30 DAY",
        "CREATE VIEW recent AS SELECT p.id, a.name, p.title FROM post p JOIN author a ON a.id = p.author_id",
        "INSERT INTO author (name, bio) SELECT CONCAT('Author ', seq, ' 😀 \\'q\\' \\\\ ),(; '),"
                + " CONCAT('line1\\nline2 ', seq) FROM seq_1_to_120",
        "INSERT INTO post (author_id, title, body, cover, price, qty, created) SELECT 1 + seq % 120,"
                + " CONCAT('Title ', seq, ' émoji 🎉'), REPEAT(CONCAT('body ', seq, ' '), 50),"
                + " UNHEX(CONCAT(MD5(seq), MD5(seq * 3), '00FF27225C')), seq * 1.5, seq % 9,"
                + " '2024-02-29 12:34:56.123456' + INTERVAL seq MINUTE FROM seq_1_to_1500",
        "INSERT INTO `odd ``name`` table` VALUES ('a', '{\"x\": [1, 2, \"3\"]}'), ('b;c', NULL)",
        "ALTER TABLE author AUTO_INCREMENT = 5000",
    };

    private MariadbFixtures() {
    }

    static void execute(String db, String... statements) throws SQLException {
        try (Connection c = Servers.mariadb(db); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    static long count(String db, String table) throws SQLException {
        try (Connection c = Servers.mariadb(db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** table → "rows:sha-256 of the sorted rows' bytes" for every base table. */
    static Map<String, String> tableHashes(String db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = Servers.mariadb(db); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                    + "TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM `" + t.replace("`", "``") + "`")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            int type = rs.getMetaData().getColumnType(i);
                            boolean binary = type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY
                                    || type == java.sql.Types.LONGVARBINARY || type == java.sql.Types.BLOB;
                            Object v = binary ? rs.getBytes(i) : rs.getString(i);
                            row.append(v == null ? "NULL" : v instanceof byte[] b ? HexFormat.of().formatHex(b)
                                    : v).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                rows.forEach(r -> sha.update((r + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                out.put(t, rows.size() + ":" + HexFormat.of().formatHex(sha.digest()));
            }
        }
        return out;
    }

    /** Views, routines, triggers, events and AUTO_INCREMENT values, as comparable text. */
    static Map<String, String> otherFacts(String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String[][] queries = {
            {"auto_increment", "SELECT GROUP_CONCAT(TABLE_NAME, '=', AUTO_INCREMENT ORDER BY TABLE_NAME) FROM "
                    + "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL"},
            {"routines", "SELECT GROUP_CONCAT(ROUTINE_NAME, ':', ROUTINE_TYPE, ':', MD5(ROUTINE_DEFINITION) "
                    + "ORDER BY ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"},
            {"triggers", "SELECT GROUP_CONCAT(TRIGGER_NAME, ':', MD5(ACTION_STATEMENT) ORDER BY TRIGGER_NAME) FROM "
                    + "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"},
            {"events", "SELECT GROUP_CONCAT(EVENT_NAME, ':', STATUS, ':', MD5(EVENT_DEFINITION) ORDER BY EVENT_NAME)"
                    + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()"},
            {"views", "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.VIEWS "
                    + "WHERE TABLE_SCHEMA = DATABASE()"},
            {"generated", "SELECT GROUP_CONCAT(COLUMN_NAME, ':', EXTRA, ':', GENERATION_EXPRESSION ORDER BY "
                    + "COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
                    + "GENERATION_EXPRESSION IS NOT NULL"},
            {"foreign keys", "SELECT GROUP_CONCAT(CONSTRAINT_NAME ORDER BY CONSTRAINT_NAME) FROM "
                    + "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"},
            {"view rows", "SELECT COUNT(*) FROM recent"},
        };
        try (Connection c = Servers.mariadb(db); Statement st = c.createStatement()) {
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
