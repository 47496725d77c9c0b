package dev.cairn.storage.sftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;

/**
 * One SSH session with several SFTP channels. MINA's SFTP client matches replies to requests by id, so a channel
 * serves many threads at once; the channels spread the load (each has its own flow-control window). A broken
 * session (server restart, dropped network) is replaced on the next call.
 */
final class SftpConnection implements Closeable {

    /** The channels of one session, and what the server supports. */
    record Channels(ClientSession session, List<SftpClient> clients, boolean posixRename) {
        boolean healthy() {
            return session.isOpen() && clients.stream().allMatch(SftpClient::isOpen);
        }
    }

    /**
     * AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, while MINA's default
     * first choice, chacha20-poly1305, is plain Java and cost several times the CPU per byte moved (restic's ssh
     * program does it in C). All of these are what OpenSSH offers by default.
     */
    static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr,
            BuiltinCiphers.cc20p1305_openssh);

    /**
     * Key exchanges, in order. MINA's default puts the post-quantum hybrids first, so against OpenSSH 9.0–9.8 (which
     * has no ML-KEM) it agrees on sntrup761x25519, whose key generation in Bouncy Castle's pure Java took about 0.35 s
     * of CPU on every connection (measured: the largest item in the profile of {@code cairn snapshots}). With
     * key authentication nothing crosses the session that the repository's own encryption does not already protect
     * (packs, indexes, snapshots and key files are encrypted before they are sent), so Cairn prefers ML-KEM (fast
     * and post-quantum, OpenSSH 9.9+), then classic curve25519, and keeps sntrup761 as a fallback. When a password
     * is sent, a recorded session must not give it away to a future quantum computer: then both hybrids come first.
     */
    static List<BuiltinDHFactories> keyExchanges(boolean passwordSent) {
        List<BuiltinDHFactories> first = passwordSent
                ? List.of(BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.sntrup761x25519,
                        BuiltinDHFactories.sntrup761x25519_openssh)
                : List.of(BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.curve25519,
                        BuiltinDHFactories.curve25519_libssh);
        List<BuiltinDHFactories> order = new ArrayList<>(first);
        BaseBuilder.DEFAULT_KEX_PREFERENCE.stream().filter(k -> !order.contains(k)).forEach(order::add);
        return order.stream().filter(BuiltinDHFactories::isSupported).toList();
    }

    private final SftpUrl url;
    private final SftpConfig config;
    private final String location;
    private final SshClient client;
    private final HostKeyCheck hostKeys;
    private final List<String> keyNotes = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Object lock = new Object();
    private volatile Channels current;

    SftpConnection(SftpUrl url, SftpConfig config, String location) {
        this.url = url;
        this.config = config;
        this.location = location;
        this.hostKeys = new HostKeyCheck(config.knownHosts(), url.host(), url.portOrDefault(),
                config.trustOnFirstUse());
        List<KeyPair> keys = loadKeys();
        client = SshClient.setUpDefaultClient();
        // Only what Cairn was told: no ~/.ssh/config, no keys besides the chosen ones.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys));
        client.setServerKeyVerifier(hostKeys);
        client.setCipherFactories(CIPHERS.stream().filter(BuiltinCiphers::isSupported)
                .<NamedFactory<Cipher>>map(c -> c).toList());
        client.setKeyExchangeFactories(keyExchanges(config.password().isPresent()).stream()
                .map(ClientBuilder.DH2KEX).toList());
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, config.keepAlive());
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, config.timeout());
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, config.timeout());
        client.start();
    }

    /** A channel for one operation; connects (again) when needed. */
    SftpClient channel() throws IOException {
        return channels().clients().get(Math.floorMod(next.getAndIncrement(), config.connections()));
    }

    Channels channels() throws IOException {
        Channels c = current;
        if (c != null && c.healthy()) {
            return c;
        }
        synchronized (lock) {
            if (current != null && current.healthy()) {
                return current;
            }
            if (current != null) {
                closeQuietly(current);
            }
            current = connect();
            return current;
        }
    }

    private Channels connect() throws IOException {
        hostKeys.reset();
        if (config.trustOnFirstUse()) {
            Files.createDirectories(config.knownHosts().toAbsolutePath().getParent());
        }
        ClientSession session = null;
        try {
            session = client.connect(config.user(), url.host(), url.portOrDefault()).verify(config.timeout())
                    .getSession();
            config.password().ifPresent(session::addPasswordIdentity);
            session.auth().verify(config.timeout());
            // All at once: each channel costs a round trip to open and one for the SFTP version handshake, which
            // one after another added up to a second for five channels on a busy machine. On a failure the
            // session is closed below, and the channels opened with it.
            ClientSession s = session;
            List<SftpClient> clients = Parallel.map(Collections.nCopies(config.connections(), s),
                    SftpClientFactory.instance()::createSftpClient);
            boolean posixRename = clients.getFirst().getExtension(OpenSSHPosixRenameExtension.class).isSupported();
            return new Channels(session, List.copyOf(clients), posixRename);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            throw connectFailure(e);
        }
    }

    private ConnectFailure connectFailure(Exception e) {
        String target = url.host() + ":" + url.portOrDefault();
        String refusal = hostKeys.refusal();
        if (refusal != null) {
            return new ConnectFailure(true, refusal, e);
        }
        if (SftpErrors.mentions(e, "No more authentication methods")) {
            return new ConnectFailure(true, "authentication as '" + config.user() + "' on " + target + " failed ("
                    + triedCredentials() + "); check the user name, give a key with -o sftp.identity=FILE or a "
                    + "password in " + SftpConfig.PASSWORD_ENV, e);
        }
        boolean permanent = e instanceof java.net.UnknownHostException
                || e.getCause() instanceof java.net.UnknownHostException
                || e instanceof java.nio.channels.UnresolvedAddressException;
        return new ConnectFailure(permanent, "cannot connect to " + target + " (" + SftpErrors.reason(e) + ")", e);
    }

    /** Why no session could be made; {@link SftpErrors} adds the operation and file that needed it. */
    static final class ConnectFailure extends IOException {
        private final boolean permanent;

        ConnectFailure(boolean permanent, String message, Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        boolean permanent() {
            return permanent;
        }
    }

    private String triedCredentials() {
        List<String> tried = new ArrayList<>();
        config.identities().forEach(p -> tried.add("key " + p));
        tried.addAll(keyNotes);
        if (config.password().isPresent()) {
            tried.add("password from " + SftpConfig.PASSWORD_ENV);
        }
        return tried.isEmpty() ? "no key found in ~/.ssh and " + SftpConfig.PASSWORD_ENV + " is not set"
                : "tried " + String.join(", ", tried);
    }

    private List<KeyPair> loadKeys() {
        List<KeyPair> keys = new ArrayList<>();
        for (Path file : config.identities()) {
            FileKeyPairProvider provider = new FileKeyPairProvider(file);
            provider.setPasswordFinder(config.keyPassphrase().map(FilePasswordProvider::of)
                    .orElse(FilePasswordProvider.EMPTY));
            try {
                provider.loadKeys(null).forEach(keys::add);
            } catch (RuntimeException e) {
                String why = "key " + file + " could not be loaded (" + SftpErrors.reason(e) + "; an encrypted key "
                        + "needs its passphrase in " + SftpConfig.PASSPHRASE_ENV + ")";
                if (config.identityGiven()) {
                    throw new IllegalArgumentException("option sftp.identity: " + why, e);
                }
                keyNotes.add(why);
            }
        }
        return keys;
    }

    private static void closeQuietly(Channels channels) {
        for (SftpClient c : channels.clients()) {
            try {
                c.close();
            } catch (IOException e) {
                // The session is going away anyway.
            }
        }
        channels.session().close(true);
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (current != null) {
                closeQuietly(current);
                current = null;
            }
        }
        client.stop();
    }
}
