package dev.cairn.sources.db.mysql;

import dev.cairn.sources.db.Credentials;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.Password;
import dev.cairn.sources.db.TempFiles;
import dev.cairn.sources.db.ToolProcess;
import dev.cairn.sources.db.Tools;
import dev.cairn.sources.db.restore.DumpFiles;
import dev.cairn.sources.db.restore.EngineRestore;
import dev.cairn.sources.db.restore.RestoreNames;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MariaDB/MySQL restores. The dump is loaded by the {@code mariadb} (or {@code mysql}) client into a new database
 * with the live one's character set; after verification {@link MysqlSwitch} moves the tables with one atomic
 * multi-table {@code RENAME TABLE} (live tables to {@code <db>__cairn_prev}, new ones into the live database) and
 * re-creates triggers, views, routines and events. Single tables: loaded into a new database the same way, then
 * copied into the live tables in one transaction ({@link MysqlTableRestore}).
 */
public final class MysqlRestore implements EngineRestore {

    static final int MAX_NAME = 64;
    static final String CONSEQUENCE = "the live database was not changed";

    private final DatabaseUrl target;
    private final Optional<Password> password;
    private final DatabaseEnvironment env;
    private final Connection admin;
    private final Tools.Tool client;

    private MysqlRestore(DatabaseUrl target, Optional<Password> password, DatabaseEnvironment env, Connection admin,
            Tools.Tool client) {
        this.target = target;
        this.password = password;
        this.env = env;
        this.admin = admin;
        this.client = client;
    }

    public static MysqlRestore open(DatabaseUrl target, DatabaseEnvironment env) throws IOException {
        if (target.engine() != Engine.MARIADB) {
            throw new IllegalArgumentException("not a MariaDB/MySQL URL: " + target);
        }
        Optional<Password> password = Credentials.find(target, env);
        Tools.Tool client = findClient(env);
        DatabaseUrl server = new DatabaseUrl(target.engine(), target.host(), target.port(), target.user(), "", null,
                target.params(), target.urlPassword());
        Connection c = MysqlConnection.open(server, password);
        return new MysqlRestore(target, password, env, c, client);
    }

    private static Tools.Tool findClient(DatabaseEnvironment env) throws DatabaseException {
        for (String name : List.of("mariadb", "mysql")) {
            List<Path> found = Tools.candidates(name, env, List.of());
            if (!found.isEmpty()) {
                return Tools.version(found.get(0), "Distrib");
            }
        }
        throw new DatabaseException("neither mariadb nor mysql (the client) was found on the PATH; install it "
                + "(Debian: apt-get install mariadb-client) or point --db-tool-dir at its folder");
    }

    String live() {
        return target.database();
    }

    @Override
    public LiveState inspect() throws IOException {
        String prev = RestoreNames.previous(live(), MAX_NAME);
        try {
            boolean exists = exists(live());
            Map<String, Long> tables = new LinkedHashMap<>();
            if (exists) {
                for (String t : baseTables(live())) {
                    tables.put(t, count(live(), t));
                }
            }
            return new LiveState(exists, live(), tables, exists(prev) ? prev : null);
        } catch (SQLException e) {
            throw explain(e, "");
        }
    }

    @Override
    public String scratchName(String purpose) {
        return RestoreNames.scratch(live(), purpose, MAX_NAME);
    }

    @Override
    public void load(String name, DumpFiles dump, Manifest.Database db, int jobs) throws IOException {
        String charset = "utf8mb4";
        String collation = null;
        try {
            try (PreparedStatement ps = admin.prepareStatement("SELECT DEFAULT_CHARACTER_SET_NAME, "
                    + "DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
                ps.setString(1, live());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        charset = rs.getString(1);
                        collation = rs.getString(2);
                    }
                }
            }
            try (Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + MysqlObjects.q(name) + " CHARACTER SET " + charset
                        + (collation == null ? "" : " COLLATE " + collation));
            }
        } catch (SQLException e) {
            throw explain(e, " (creating the new database " + name + ")");
        }
        try (TempFiles temp = TempFiles.create(env.tempDir(), "cairn-mysql-")) {
            List<String> cmd = new MysqlDumpCommand(target, client, password, temp.dir()).client(name);
            // streamed from the repository into the client: the server loads rows while the rest is still read
            try (ToolProcess p = ToolProcess.startPiped(client.path().getFileName().toString(), cmd, Map.of(),
                    Set.of("MYSQL_PWD", "MYSQL_HOST", "MYSQL_TCP_PORT"), env.log()).onFailure(CONSEQUENCE)) {
                p.feed(out -> dump.stream(dump.main(), out));
            }
        }
    }

    @Override
    public Map<String, Long> count(String name, List<Manifest.Table> tables) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            List<String> present = baseTables(name);
            for (Manifest.Table t : tables) {
                if (present.contains(t.name())) {
                    out.put(t.qualifiedName(), count(name, t.name()));
                }
            }
        } catch (SQLException e) {
            throw explain(e, "");
        }
        return out;
    }

    long count(String schema, String table) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM "
                + MysqlObjects.q(schema) + "." + MysqlObjects.q(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The base tables of {@code schema}, without Cairn's bookkeeping table. */
    List<String> baseTables(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = admin.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(MysqlObjects.TABLE)) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    boolean exists(String schema) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA "
                + "WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String switchTo(String scratch, Connections connections) throws IOException {
        try {
            return new MysqlSwitch(admin, this).switchTo(scratch);
        } catch (SQLException e) {
            throw explain(e, " (switching " + scratch + " in)");
        }
    }

    @Override
    public String rollback(Connections connections) throws IOException {
        try {
            return new MysqlSwitch(admin, this).rollback();
        } catch (SQLException e) {
            throw explain(e, " (rolling back)");
        }
    }

    @Override
    public void restoreTables(DumpFiles dump, Manifest.Database db, List<Manifest.Table> tables) throws IOException {
        String scratch = scratchName("new");
        try {
            load(scratch, dump, db, 1);
            new MysqlTableRestore(admin, this).copy(scratch, tables);
        } catch (SQLException e) {
            throw explain(e, " (restoring tables)");
        } finally {
            drop(scratch);
        }
    }

    @Override
    public void drop(String name) throws IOException {
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + MysqlObjects.q(name));
        } catch (SQLException e) {
            throw explain(e, " (dropping " + name + ")");
        }
    }

    DatabaseException explain(SQLException e, String doing) {
        if (e.getErrorCode() == 1044 || e.getErrorCode() == 1142 || e.getErrorCode() == 1227) {
            return new DatabaseException("missing privilege to restore into " + target + doing + " ("
                    + e.getMessage() + "); the user needs CREATE, DROP, ALTER, INSERT, SELECT, CREATE VIEW, "
                    + "TRIGGER, CREATE ROUTINE, EVENT on the database and on databases named " + live()
                    + "__cairn_* (GRANT ALL ON `" + live().replace("_", "\\_") + "%`.* TO …); " + CONSEQUENCE, e);
        }
        DatabaseException d = MysqlConnection.explain(target, password, e);
        return new DatabaseException(d.getMessage() + doing + "; " + CONSEQUENCE, e);
    }

    @Override
    public void close() {
        try {
            admin.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
