package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the real restic binary against a test repository and reads what it wrote with Cairn's codecs. Shared by the
 * crypto and chunker interoperability tests.
 */
public final class ResticCli {

    private final Path repo;
    private final String password;
    private Path keyFile;

    public ResticCli(Path repo, String password) {
        this.repo = repo;
        this.password = password;
    }

    /** Skips the test loudly when restic is missing, or fails it under CI=true (see {@link Restic#require}). */
    public static void requireRestic() {
        Restic.require();
    }

    /** Runs restic with {@code args} in {@code cwd}; fails the test with restic's output on a non-zero exit. */
    public String run(Path cwd, String... args) throws IOException, InterruptedException {
        return runWithPassword(password, cwd, args);
    }

    public String runWithPassword(String pw, Path cwd, String... args) throws IOException, InterruptedException {
        return new Restic(repo, pw).in(cwd).ok(args);
    }

    public Path repo() {
        return repo;
    }

    /** Runs {@code restic init} and remembers the key file it wrote (tests may add more keys later). */
    public void init(Path cwd) throws IOException, InterruptedException {
        run(cwd, "init");
        try (Stream<Path> keys = Files.list(repo.resolve("keys"))) {
            List<Path> files = keys.toList();
            assertThat(files).as("key files in %s after restic init", repo).hasSize(1);
            keyFile = files.get(0);
        }
    }

    /** The key file restic init wrote, as raw JSON. */
    public String keyFileJson() throws IOException {
        if (keyFile == null) {
            throw new IllegalStateException("call init() first");
        }
        return Files.readString(keyFile, StandardCharsets.UTF_8);
    }

    /** Derives the user key from the key file and opens its {@code data}: the master key, via Cairn's codecs. */
    public MasterKey masterKey() throws Exception {
        String keyFile = keyFileJson();
        byte[] salt = Base64.getDecoder().decode(field(keyFile, "\"salt\":\"([^\"]+)\""));
        ScryptParams params = new ScryptParams(Integer.parseInt(field(keyFile, "\"N\":(\\d+)")),
                Integer.parseInt(field(keyFile, "\"r\":(\\d+)")), Integer.parseInt(field(keyFile, "\"p\":(\\d+)")));
        MasterKey userKey = Kdf.deriveUserKey(password.toCharArray(), salt, params);
        byte[] data = Base64.getDecoder().decode(field(keyFile, "\"data\":\"([^\"]+)\""));
        String masterJson = new String(new Crypto(userKey, new java.security.SecureRandom()).open(data),
                StandardCharsets.UTF_8);
        assertThat(masterJson).startsWith("{\"mac\":{");
        Base64.Decoder b64 = Base64.getDecoder();
        return MasterKey.of(b64.decode(field(masterJson, "\"encrypt\":\"([^\"]+)\"")),
                b64.decode(field(masterJson, "\"k\":\"([^\"]+)\"")), b64.decode(field(masterJson, "\"r\":\"([^\"]+)\"")));
    }

    /** The decrypted repository config JSON. */
    public String config(MasterKey master) throws Exception {
        byte[] sealed = Files.readAllBytes(repo.resolve("config"));
        return new String(new Crypto(master, new java.security.SecureRandom()).open(sealed), StandardCharsets.UTF_8);
    }

    /** The config's {@code chunker_polynomial} hex string. */
    public static String chunkerPolynomial(String configJson) {
        return field(configJson, "\"chunker_polynomial\":\"([0-9a-fA-F]+)\"");
    }

    public static String field(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        assertThat(m.find()).as("pattern %s in %s", regex, json).isTrue();
        return m.group(1);
    }
}
