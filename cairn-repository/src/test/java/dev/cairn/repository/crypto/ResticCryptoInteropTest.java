package dev.cairn.repository.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.chunker.Polynomial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a repository made by the real restic 0.14 with Cairn's KDF and crypto, and has restic read Cairn's output. */
class ResticCryptoInteropTest {

    @TempDir
    static Path dir;
    private static ResticCli restic;

    @BeforeAll
    static void init() throws Exception {
        ResticCli.requireRestic();
        restic = new ResticCli(dir.resolve("repo"), "correct horse – battery staple");
        restic.init(dir);
    }

    @Test
    void opensResticKeyFileAndConfig() throws Exception {
        MasterKey master = restic.masterKey();
        String config = restic.config(master);
        assertThat(config).startsWith("{\"version\":2,\"id\":\"").contains("\"chunker_polynomial\"");
        Polynomial pol = Polynomial.parse(ResticCli.chunkerPolynomial(config));
        assertThat(pol.degree()).isEqualTo(53);
        assertThat(pol.hex()).isEqualTo(ResticCli.chunkerPolynomial(config));
    }

    @Test
    void wrongPasswordFailsToOpenTheKey() throws Exception {
        String keyFile = restic.keyFileJson();
        byte[] salt = Base64.getDecoder().decode(ResticCli.field(keyFile, "\"salt\":\"([^\"]+)\""));
        ScryptParams params = new ScryptParams(Integer.parseInt(ResticCli.field(keyFile, "\"N\":(\\d+)")),
                Integer.parseInt(ResticCli.field(keyFile, "\"r\":(\\d+)")),
                Integer.parseInt(ResticCli.field(keyFile, "\"p\":(\\d+)")));
        MasterKey wrong = Kdf.deriveUserKey("not the password".toCharArray(), salt, params);
        byte[] data = Base64.getDecoder().decode(ResticCli.field(keyFile, "\"data\":\"([^\"]+)\""));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Crypto(wrong, new SecureRandom()).open(data))
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
    }

    @Test
    void resticAcceptsAKeyFileWrittenByCairn() throws Exception {
        // Wrap the master key under a new password with Cairn's KDF and seal, as a restic key file; then let restic
        // unlock the repository with that password.
        MasterKey master = restic.masterKey();
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[Kdf.SALT_SIZE];
        random.nextBytes(salt);
        ScryptParams params = new ScryptParams(1024, 8, 1);
        String newPassword = "cairn wrote this key";
        MasterKey userKey = Kdf.deriveUserKey(newPassword.toCharArray(), salt, params);
        Base64.Encoder b64 = Base64.getEncoder();
        String masterJson = "{\"mac\":{\"k\":\"" + b64.encodeToString(master.macK()) + "\",\"r\":\""
                + b64.encodeToString(master.macR()) + "\"},\"encrypt\":\"" + b64.encodeToString(master.encryptKey())
                + "\"}";
        byte[] data = new Crypto(userKey, random).seal(masterJson.getBytes(StandardCharsets.UTF_8));
        String keyFile = "{\"created\":\"2024-01-02T03:04:05.123456789Z\",\"username\":\"cairn\",\"hostname\":\"test\","
                + "\"kdf\":\"scrypt\",\"N\":" + params.n() + ",\"r\":" + params.r() + ",\"p\":" + params.p()
                + ",\"salt\":\"" + b64.encodeToString(salt) + "\",\"data\":\"" + b64.encodeToString(data) + "\"}";
        byte[] keyBytes = keyFile.getBytes(StandardCharsets.UTF_8);
        String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keyBytes));
        Files.write(restic.repo().resolve("keys").resolve(name), keyBytes);

        String config = restic.runWithPassword(newPassword, dir, "cat", "config");
        assertThat(config).contains("\"chunker_polynomial\"")
                .contains(ResticCli.chunkerPolynomial(restic.config(master)));
        assertThat(restic.runWithPassword(newPassword, dir, "key", "list")).contains(name.substring(0, 8));
    }
}
