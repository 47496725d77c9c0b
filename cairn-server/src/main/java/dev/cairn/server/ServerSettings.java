package dev.cairn.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code cairn serve} listens and stops.
 *
 * @param host the address to bind (127.0.0.1 by default: reachable from this machine only)
 * @param port 0 picks a free port
 * @param tls null for plain HTTP
 * @param finishGrace how long shutdown lets running jobs finish before it cancels them
 * @param stopGrace how long it then waits for cancelled jobs to stop cleanly
 */
public record ServerSettings(String host, int port, Tls tls, Duration finishGrace, Duration stopGrace) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8420;

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** HTTPS with the certificate and key of a PKCS#12 keystore. */
    public record Tls(Path keystore, String password) {
    }

    /** Parses {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (default host). */
    public static ServerSettings listen(String hostPort, Tls tls, Duration finishGrace, Duration stopGrace) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen must be HOST:PORT (e.g. 127.0.0.1:8420), got '" + hostPort
                    + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen port must be a number, got '" + hostPort + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port must be between 0 and 65535, got " + port);
        }
        return new ServerSettings(host.isEmpty() ? DEFAULT_HOST : host, port, tls, finishGrace, stopGrace);
    }
}
