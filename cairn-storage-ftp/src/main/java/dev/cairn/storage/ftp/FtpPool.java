package dev.cairn.storage.ftp;

import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * At most {@code ftp.connections} logged-in control connections, made on demand and kept between operations. A
 * connection that saw an I/O fault, or whose state is uncertain, is closed rather than reused.
 */
final class FtpPool implements AutoCloseable {

    /** An idle connection older than this is checked with NOOP before use (servers drop idle clients). */
    private static final long CHECK_IDLE_NANOS = Duration.ofSeconds(15).toNanos();

    private record Idle(FTPClient client, long since) {
    }

    private final FtpTarget target;
    private final String location;
    private final Duration timeout;
    private final Path trustStore;
    private final String trustStorePassword;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private volatile boolean closed;

    FtpPool(FtpTarget target, String location, int connections, Duration timeout, Path trustStore,
            String trustStorePassword) {
        this.target = target;
        this.location = location;
        this.timeout = timeout;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.permits = new Semaphore(connections, true);
    }

    /** A logged-in, passive, binary connection; give it back with {@link #release}. */
    FTPClient borrow(String op, String file) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location + ": " + op + " " + file + ": interrupted");
        }
        try {
            while (true) {
                Idle candidate;
                synchronized (idle) {
                    candidate = idle.pollFirst();
                }
                if (candidate == null) {
                    return connect(op, file);
                }
                if (System.nanoTime() - candidate.since() < CHECK_IDLE_NANOS || alive(candidate.client())) {
                    return candidate.client();
                }
                disconnect(candidate.client());
            }
        } catch (IOException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection; {@code reusable} false closes it (after a fault or an aborted transfer). */
    void release(FTPClient client, boolean reusable) {
        try {
            if (reusable && !closed && client.isConnected()) {
                synchronized (idle) {
                    idle.addFirst(new Idle(client, System.nanoTime()));
                }
            } else {
                disconnect(client);
            }
        } finally {
            permits.release();
        }
    }

    private static boolean alive(FTPClient client) {
        try {
            return client.sendNoOp();
        } catch (IOException e) {
            return false;
        }
    }

    private FTPClient connect(String op, String file) throws IOException {
        FTPClient client = newClient();
        client.setConnectTimeout((int) timeout.toMillis());
        client.setDefaultTimeout((int) timeout.toMillis());
        client.setDataTimeout(timeout);
        client.setBufferSize(64 * 1024);
        client.setControlEncoding("UTF-8"); // passwords and names beyond ASCII, as modern servers expect
        try {
            client.connect(target.host(), target.port());
            client.setSoTimeout((int) timeout.toMillis());
            client.setTcpNoDelay(true); // one short command at a time: Nagle's delay would add ~40 ms to each
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw FtpReplies.failure(location, op, file, client, "the server refused the connection");
            }
            if (target.password() == null) {
                throw new StorageException.Permanent(location + ": " + op + " " + file + ": no password for "
                        + target.user() + "@" + target.host() + ": set CAIRN_FTP_PASSWORD or give a netrc file "
                        + "with -o ftp.netrc=FILE", null);
            }
            if (!client.login(target.user(), target.password())) {
                throw FtpReplies.failure(location, op, file, client, "login as " + target.user() + " failed; check "
                        + "the user and the password (CAIRN_FTP_PASSWORD or the netrc file)");
            }
            if (client instanceof FTPSClient ftps) {
                ftps.execPBSZ(0);
                ftps.execPROT("P"); // encrypt the data connections too, not only the commands
            }
            client.enterLocalPassiveMode();
            if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw FtpReplies.failure(location, op, file, client, "the server refused binary mode (TYPE I)");
            }
            return client;
        } catch (IOException | RuntimeException e) {
            disconnect(client);
            throw e instanceof StorageException se ? se : FtpReplies.fault(location, op, file, e);
        }
    }

    private FTPClient newClient() throws IOException {
        if (target.tls() == FtpTarget.Tls.NONE) {
            return new FTPClient();
        }
        FTPSClient client = new FTPSClient("TLS", target.tls() == FtpTarget.Tls.IMPLICIT);
        client.setEndpointCheckingEnabled(true); // the certificate must name the host we asked for
        // Commons Net's default trust manager checks only the certificate's dates, not who signed it: always set
        // one that checks the chain, against the JVM's CAs or the trust store the user names.
        client.setTrustManager(trustManager());
        return client;
    }

    private javax.net.ssl.TrustManager trustManager() throws IOException {
        if (trustStore == null) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                return factory.getTrustManagers()[0];
            } catch (GeneralSecurityException e) {
                throw new StorageException.Permanent(location + ": cannot load the JVM's trusted certificates: "
                        + e.getMessage(), e);
            }
        }
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw new StorageException.Permanent(location + ": cannot read the trust store " + trustStore
                    + " (option ftp.trust-store, a PKCS#12 file): " + e.getMessage(), e);
        }
    }

    static void disconnect(FTPClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (IOException e) {
            // Closing a broken connection: nothing left to do.
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            for (Idle i : idle) {
                try {
                    i.client().logout();
                } catch (IOException e) {
                    // the server went away; disconnect below
                }
                disconnect(i.client());
            }
            idle.clear();
        }
    }
}
