package dev.cairn.sources.db.mysql;

import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.MyCnf;
import dev.cairn.sources.db.Password;
import dev.cairn.sources.db.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mariadb-dump command line. The password goes into a private option file ({@code --defaults-extra-file},
 * mode 0600, in Cairn's private temporary folder, deleted after the dump), never onto the command line. TCP is
 * forced because Cairn's own connection uses TCP: {@code localhost} would otherwise mean the Unix socket to the
 * tool, where another authentication rule may apply.
 */
final class MysqlDumpCommand {

    private final DatabaseUrl url;
    private final Tools.Tool tool;
    private final Optional<Password> password;
    private final Path tempDir;

    MysqlDumpCommand(DatabaseUrl url, Tools.Tool tool, Optional<Password> password, Path tempDir) {
        this.url = url;
        this.tool = tool;
        this.password = password;
        this.tempDir = tempDir;
    }

    List<String> command(List<String> excludedTables) throws DatabaseException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.path().toString());
        if (password.isPresent()) {
            cmd.add("--defaults-extra-file=" + optionFile(password.get())); // must be the first option
        }
        cmd.addAll(List.of("--protocol=TCP", "--host=" + url.host(), "--port=" + url.port(), "--user=" + url.user(),
                "--single-transaction", "--routines", "--triggers", "--events", "--hex-blob", "--skip-dump-date",
                "--default-character-set=utf8mb4", "--max-allowed-packet=1G"));
        cmd.addAll(tls());
        for (String t : excludedTables) {
            cmd.add("--ignore-table=" + url.database() + "." + t);
        }
        cmd.add(url.database());
        return cmd;
    }

    /** The client ({@code mariadb}/{@code mysql}) loading SQL from its standard input into {@code database}. */
    List<String> client(String database) throws DatabaseException {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool.path().toString());
        if (password.isPresent()) {
            cmd.add("--defaults-extra-file=" + optionFile(password.get())); // must be the first option
        }
        cmd.addAll(List.of("--protocol=TCP", "--host=" + url.host(), "--port=" + url.port(), "--user=" + url.user(),
                "--default-character-set=utf8mb4", "--max-allowed-packet=1G", "--batch", "--silent"));
        cmd.addAll(tls());
        cmd.add("--database=" + database);
        return cmd;
    }

    private Path optionFile(Password p) throws DatabaseException {
        try {
            Path file = Files.createTempFile(tempDir, "client", ".cnf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "[client]\npassword=" + MyCnf.quote(p.value()) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new DatabaseException("cannot write the private option file for " + tool.path().getFileName()
                    + " in " + tempDir + ": " + e.getMessage(), e);
        }
    }

    /** TLS settings from the URL, in the tool's own option names (MariaDB's and MySQL's differ). */
    private List<String> tls() {
        List<String> out = new ArrayList<>();
        boolean mariadb = tool.versionText().contains("MariaDB");
        String mode = url.params().get("ssl-mode");
        if (mode != null) {
            String m = mode.toUpperCase(Locale.ROOT);
            if (!mariadb) {
                out.add("--ssl-mode=" + m);
            } else if (m.equals("DISABLED")) {
                out.add("--skip-ssl");
            } else {
                out.add("--ssl");
                if (m.startsWith("VERIFY")) {
                    out.add("--ssl-verify-server-cert");
                }
            }
        }
        for (String k : List.of("ssl-ca", "ssl-cert", "ssl-key")) {
            if (url.params().containsKey(k)) {
                out.add("--" + k + "=" + url.params().get(k));
            }
        }
        return out;
    }
}
