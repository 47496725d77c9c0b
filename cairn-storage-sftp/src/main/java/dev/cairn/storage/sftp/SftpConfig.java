package dev.cairn.storage.sftp;

import dev.cairn.storage.StorageSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything an SFTP connection needs besides the URL, read from the environment and {@code -o sftp.*} options.
 * Secrets come only from the environment (a password on the command line would show in {@code ps}).
 *
 * @param identities private key files to offer, in order (only existing ones)
 * @param identityGiven whether {@code identities} is the user's {@code -o sftp.identity} (a bad file is an error)
 * @param password password for password authentication, if any ({@code CAIRN_SFTP_PASSWORD})
 * @param keyPassphrase passphrase of encrypted key files, if any ({@code CAIRN_SFTP_KEY_PASSPHRASE})
 * @param knownHosts the known_hosts file the server's key is checked against
 * @param trustOnFirstUse whether an unknown host key is accepted and recorded in {@code knownHosts}
 * @param connections SFTP channels used in parallel
 * @param keepAlive interval of SSH keep-alive requests
 * @param timeout connect, authentication and per-request timeout
 */
record SftpConfig(String user, List<Path> identities, boolean identityGiven, Optional<String> password, Optional<String> keyPassphrase,
        Path knownHosts, boolean trustOnFirstUse, int connections, Duration keepAlive, Duration timeout) {

    static final String PASSWORD_ENV = "CAIRN_SFTP_PASSWORD";
    static final String PASSPHRASE_ENV = "CAIRN_SFTP_KEY_PASSPHRASE";
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    static SftpConfig from(SftpUrl url, StorageSettings settings) {
        Path home = Path.of(settings.env("HOME").orElse(System.getProperty("user.home")));
        Path ssh = home.resolve(".ssh");
        String user = !url.user().isEmpty() ? url.user()
                : settings.env("USER").orElse(System.getProperty("user.name"));
        List<Path> identities;
        Optional<String> identity = settings.option("sftp.identity");
        if (identity.isPresent()) {
            Path file = expand(identity.get(), home);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("option sftp.identity: key file " + file
                        + " does not exist or is not readable");
            }
            identities = List.of(file);
        } else {
            identities = DEFAULT_KEYS.stream().map(ssh::resolve).filter(Files::isReadable).toList();
        }
        Path knownHosts = settings.option("sftp.known-hosts").map(f -> expand(f, home))
                .orElse(ssh.resolve("known_hosts"));
        return new SftpConfig(user, identities, identity.isPresent(), settings.env(PASSWORD_ENV), settings.env(PASSPHRASE_ENV),
                knownHosts, bool(settings, "sftp.trust-on-first-use"),
                settings.intOption("sftp.connections", 5, 1, 64),
                Duration.ofSeconds(settings.intOption("sftp.keep-alive", 15, 1, 3600)),
                Duration.ofSeconds(settings.intOption("sftp.timeout", 60, 1, 3600)));
    }

    private static boolean bool(StorageSettings settings, String name) {
        String v = settings.option(name).orElse("false").strip();
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("option " + name + " must be true or false, got '" + v + "'");
        };
    }

    private static Path expand(String file, Path home) {
        return file.startsWith("~/") ? home.resolve(file.substring(2)) : Path.of(file).toAbsolutePath();
    }
}
