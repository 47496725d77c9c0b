package dev.cairn.storage.ftp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A real FTP server for tests: Apache FtpServer in-process on 127.0.0.1 (free control port, a handful of free
 * passive ports), one user with a home directory, and optionally TLS with a self-signed certificate for 127.0.0.1
 * made by keytool for this run (explicit AUTH TLS, or implicit).
 */
public final class FtpTestServer implements AutoCloseable {

    public static final String USER = "cairn";
    public static final String PASSWORD = "ftp pässword";
    public static final String STORE_PASSWORD = "storepass";

    public enum Mode { PLAIN, EXPLICIT_TLS, IMPLICIT_TLS }

    private final FtpServer server;
    private final int port;
    private final Path trustStore;

    private FtpTestServer(FtpServer server, int port, Path trustStore) {
        this.server = server;
        this.port = port;
        this.trustStore = trustStore;
    }

    public static FtpTestServer start(Path home, Path work, Mode mode) throws IOException, FtpException,
            InterruptedException {
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(freePorts(1).get(0));
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassivePorts(String.join(",", freePorts(12).stream().map(String::valueOf).toList()));
        Path trustStore = null;
        if (mode != Mode.PLAIN) {
            Path keyStore = work.resolve("server.p12");
            trustStore = work.resolve("trust.p12");
            makeCertificate(keyStore, trustStore, work.resolve("server.crt"));
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keyStore.toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword(STORE_PASSWORD);
            ssl.setKeyPassword(STORE_PASSWORD);
            SslConfiguration sslConfiguration = ssl.createSslConfiguration();
            listener.setSslConfiguration(sslConfiguration);
            listener.setImplicitSsl(mode == Mode.IMPLICIT_TLS);
            data.setSslConfiguration(sslConfiguration);
            data.setImplicitSsl(mode == Mode.IMPLICIT_TLS);
        }
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        listener.setIdleTimeout(60);
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        connections.setMaxLogins(64);
        factory.setConnectionConfig(connections.createConnectionConfig());

        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        Files.writeString(work.resolve("users.properties"), "");
        users.setFile(work.resolve("users.properties").toFile());
        var userManager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        List<Authority> authorities = new ArrayList<>();
        authorities.add(new WritePermission());
        authorities.add(new ConcurrentLoginPermission(0, 0));
        user.setAuthorities(authorities);
        userManager.save(user);
        factory.setUserManager(userManager);

        FtpServer server = factory.createServer();
        server.start();
        noDelay(factory.getListener("default"));
        return new FtpTestServer(server, factory.getListener("default").getPort(), trustStore);
    }

    /**
     * FtpServer leaves Nagle's algorithm on for control connections, so its two replies to a transfer (150, then
     * 226) wait for the client's delayed ACK: ~40 ms per transfer. Real servers (vsftpd, proftpd) set TCP_NODELAY;
     * so does this one, through MINA's session config, which FtpServer does not expose.
     */
    private static void noDelay(org.apache.ftpserver.listener.Listener listener) {
        try {
            var field = listener.getClass().getDeclaredField("acceptor");
            field.setAccessible(true);
            var acceptor = (org.apache.mina.transport.socket.SocketAcceptor) field.get(listener);
            acceptor.getSessionConfig().setTcpNoDelay(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set TCP_NODELAY on FtpServer's listener", e);
        }
    }

    public int port() {
        return port;
    }

    public Path trustStore() {
        return trustStore;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private static void makeCertificate(Path keyStore, Path trustStore, Path cert) throws IOException,
            InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        keytool(keytool, "-genkeypair", "-alias", "ftp", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool(keytool, "-exportcert", "-alias", "ftp", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-file", cert.toString());
        keytool(keytool, "-importcert", "-noprompt", "-alias", "ftp", "-file", cert.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    }

    private static void keytool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + String.join(" ", command) + "\n" + out);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
