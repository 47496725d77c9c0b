package dev.cairn.storage.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Key material for SFTP tests: Ed25519 key pairs written as OpenSSH files, known_hosts lines. */
public final class SshKeys {

    private SshKeys() {
    }

    public static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key (is Bouncy Castle on the classpath?)", e);
        }
    }

    /** Writes {@code key} as an OpenSSH private key file (mode 0600) and its {@code .pub}. */
    public static Path write(KeyPair key, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "cairn-test", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file.resolveSibling(file.getFileName() + ".pub"), publicLine(key.getPublic()) + "\n",
                StandardCharsets.US_ASCII);
        return file;
    }

    /** {@code ssh-ed25519 AAAA…}, as in authorized_keys and known_hosts. */
    public static String publicLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** A known_hosts line for a server on 127.0.0.1 at {@code port}. */
    public static String knownHostsLine(int port, PublicKey hostKey) {
        return "[127.0.0.1]:" + port + " " + publicLine(hostKey);
    }

    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }
}
