package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.KeyInfo;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.storage.FileType;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn key list|add|remove|passwd}: the repository's passwords, as restic key files. */
@Command(name = "key", description = {"Manage keys (passwords) of the repository.",
        "Key files are restic's: a key added here opens the repository in restic, and the other way round."},
        subcommands = {KeyCommand.ListKeys.class, KeyCommand.Add.class, KeyCommand.Remove.class,
            KeyCommand.Passwd.class})
final class KeyCommand extends CommandBase {

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Options of commands that create a key. */
    static final class NewKeyOptions {
        @Option(names = "--new-password-file", paramLabel = "FILE",
                description = "Read the new password from the first line of FILE (else it is asked for twice on "
                        + "the terminal; never given on the command line).")
        Path newPasswordFile;

        @Option(names = "--user", paramLabel = "NAME", description = "User name recorded in the new key "
                + "(default: the current user).")
        String user = "";

        @Option(names = "--host", paramLabel = "NAME", description = "Host name recorded in the new key "
                + "(default: this host).")
        String host = "";
    }

    @Command(name = "list", description = "List the keys; the one in use is marked with *.")
    static final class ListKeys extends SubcommandBase {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

        @Override
        public Integer call() throws Exception {
            List<KeyInfo> keys;
            try (Repository repo = access().open();
                    RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
                keys = repo.keys().list();
            }
            Output out = output();
            ZoneId zone = env().clock().getZone();
            if (out.json()) {
                var array = out.mapper().createArrayNode();
                for (KeyInfo k : keys) {
                    var n = array.addObject();
                    n.put("current", k.current());
                    n.put("id", k.id().hex());
                    n.put("userName", k.username());
                    n.put("hostName", k.hostname());
                    n.put("created", TIME.format(k.created().atZone(zone)));
                }
                out.printJson(array);
                return ExitCodes.OK;
            }
            List<String[]> rows = new java.util.ArrayList<>();
            rows.add(new String[] {" ID", "User", "Host", "Created"});
            for (KeyInfo k : keys) {
                rows.add(new String[] {(k.current() ? "*" : " ") + k.id().shortHex(), k.username(), k.hostname(),
                    TIME.format(k.created().atZone(zone))});
            }
            Table.print(out, rows);
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", description = "Add a key (a new password) that opens the repository.")
    static final class Add extends SubcommandBase {
        @picocli.CommandLine.Mixin
        NewKeyOptions options;

        @Override
        public Integer call() throws Exception {
            RepositoryAccess access = access();
            try (Repository repo = access.open();
                    RepositoryLock lock = repo.lock(false)) {
                char[] password = access.newPassword(options.newPasswordFile);
                try {
                    Id id = repo.keys().add(password, options.user, options.host, access.kdf());
                    output().result("saved new key as " + id.hex());
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = {"Remove a key.",
            "Refuses the key in use and the last key of the repository."})
    static final class Remove extends SubcommandBase {
        @Parameters(paramLabel = "ID", description = "Key ID or unique prefix (see 'key list').")
        String id;

        @Override
        public Integer call() throws Exception {
            try (Repository repo = access().open();
                    RepositoryLock lock = repo.lock(true)) {
                Id key = IdPrefix.resolve(repo.storage(), FileType.KEY, id);
                try {
                    repo.keys().remove(key);
                } catch (IllegalStateException e) {
                    throw new UserError(e.getMessage());
                }
                output().result("removed key " + key.hex());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "passwd", description = {"Change the password: add a key for the new password, then remove "
            + "the key in use (in that order, so a failure never leaves the repository without a working key)."})
    static final class Passwd extends SubcommandBase {
        @picocli.CommandLine.Mixin
        NewKeyOptions options;

        @Override
        public Integer call() throws Exception {
            RepositoryAccess access = access();
            try (Repository repo = access.open();
                    RepositoryLock lock = repo.lock(true)) {
                Id old = repo.keys().current();
                char[] password = access.newPassword(options.newPasswordFile);
                try {
                    Id id = repo.keys().changePassword(password, options.user, options.host, access.kdf());
                    output().result("saved new key as " + id.hex() + ", removed old key " + old.hex());
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            return ExitCodes.OK;
        }
    }
}
