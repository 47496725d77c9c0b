package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn key list|add|remove|passwd}, and key files shared with the real restic both ways. */
class KeyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path passwordFile(String name, String password) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, password + "\n");
        return f;
    }

    private static Cli.Run ok(Cli.Run run) {
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        return run;
    }

    @Test
    void listAddRemoveAndPasswdWithTheirGuards() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        ok(cli.run("init"));
        JsonNode keys = JSON.readTree(ok(cli.run("--json", "key", "list")).stdout());
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("current").asBoolean()).isTrue();
        String first = keys.get(0).get("id").asText();
        assertThat(ok(cli.run("key", "list")).stdout()).contains("*" + first.substring(0, 8)).contains("Created");

        Cli.Run add = ok(cli.run("key", "add", "--new-password-file", passwordFile("pw2", "second").toString(),
                "--user", "alice", "--host", "laptop"));
        String second = add.stdout().strip().replace("saved new key as ", "");
        assertThat(ok(cli.run("key", "list")).stdout()).contains(" " + second.substring(0, 8)).contains("alice")
                .contains("laptop");

        Cli.Run inUse = cli.run("key", "remove", first.substring(0, 8));
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.stderr()).contains("refusing to remove key").contains("key in use");

        Cli other = Cli.forRepo(repo).env("CAIRN_PASSWORD", "second");
        ok(other.run("key", "remove", first));
        assertThat(cli.run("snapshots").exitCode()).as("the removed password no longer opens it").isEqualTo(12);
        Cli.Run last = other.run("key", "remove", second);
        assertThat(last.exitCode()).isEqualTo(1);
        assertThat(last.stderr()).contains("refusing to remove key");

        Cli.Run passwd = ok(other.run("key", "passwd", "--new-password-file",
                passwordFile("pw3", "third").toString()));
        assertThat(passwd.stdout()).contains("removed old key " + second);
        assertThat(other.run("snapshots").exitCode()).isEqualTo(12);
        Cli third = Cli.forRepo(repo).env("CAIRN_PASSWORD", "third");
        assertThat(JSON.readTree(ok(third.run("--json", "key", "list")).stdout())).hasSize(1);
    }

    @Test
    void newPasswordsNeverComeFromTheCommandLine() throws Exception {
        Cli cli = Cli.forRepo(tmp.resolve("repo"));
        ok(cli.run("init"));
        Cli.Run noFile = cli.run("key", "add");
        assertThat(noFile.exitCode()).isEqualTo(1);
        assertThat(noFile.stderr()).contains("--new-password-file");
        assertThat(cli.run("key", "add", "--new-password", "x").exitCode()).isEqualTo(2);
        Path empty = tmp.resolve("empty");
        Files.writeString(empty, "\n");
        assertThat(cli.run("key", "add", "--new-password-file", empty.toString()).stderr()).contains("empty");
        assertThat(JSON.readTree(ok(cli.run("--json", "key", "list")).stdout())).hasSize(1);
    }

    @Test
    void keysAddedByCairnOpenInResticAndTheOtherWayRound() throws Exception {
        Restic.require();
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        ok(cli.run("init"));
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "hello");
        ok(cli.run("backup", source.toString()));

        ok(cli.run("key", "add", "--new-password-file", passwordFile("pw-cairn", "added by cairn").toString()));
        Restic viaCairnKey = new Restic(repo, "added by cairn");
        assertThat(viaCairnKey.ok("key", "list")).contains("*");
        assertThat(viaCairnKey.ok("snapshots")).contains("1 snapshots");

        new Restic(repo, "test password").ok("key", "add", "--new-password-file",
                passwordFile("pw-restic", "added by restic").toString());
        Cli viaResticKey = Cli.forRepo(repo).env("CAIRN_PASSWORD", "added by restic");
        JsonNode keys = JSON.readTree(ok(viaResticKey.run("--json", "key", "list")).stdout());
        assertThat(keys).hasSize(3);
        assertThat(ok(viaResticKey.run("snapshots")).stdout()).contains("1 snapshots");

        // passwd by Cairn: restic opens with the new password only
        ok(cli.run("key", "passwd", "--new-password-file", passwordFile("pw-new", "changed").toString()));
        assertThat(new Restic(repo, "changed").ok("snapshots")).contains("1 snapshots");
        assertThat(new Restic(repo, "test password").run("snapshots").exitCode()).isNotZero();
        assertThat(new Restic(repo, "changed").ok("check")).contains("no errors were found");
    }
}
