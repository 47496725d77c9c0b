package dev.cairn.storage.testkit;

import dev.cairn.storage.testkit.FaultyProxy.Direction;
import dev.cairn.storage.testkit.FaultyProxy.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One proxied connection: two pumps (one per direction) that apply the proxy's rules to what they forward. */
final class ProxyConnection {

    private final FaultyProxy proxy;
    private final Socket client;
    private final Socket server;
    private volatile long frozenUntilNanos;

    ProxyConnection(FaultyProxy proxy, Socket client, Socket server) throws IOException {
        this.proxy = proxy;
        this.client = client;
        this.server = server;
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
    }

    /** Forwards one direction until either side closes or a rule breaks the connection. */
    void pump(Direction direction) {
        byte[] buffer = new byte[32 * 1024];
        try {
            InputStream in = (direction == Direction.UPSTREAM ? client : server).getInputStream();
            OutputStream out = (direction == Direction.UPSTREAM ? server : client).getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!forward(direction, buffer, n, out)) {
                    return;
                }
            }
            // A clean end of one direction ends the other too: both tools here close whole connections.
            fail(Kind.DROP);
        } catch (IOException | InterruptedException e) {
            fail(Kind.DROP);
        }
    }

    /** Forwards {@code n} bytes through the rules; false once a rule closed the connection. */
    private boolean forward(Direction direction, byte[] buffer, int n, OutputStream out)
            throws IOException, InterruptedException {
        int offset = 0;
        while (offset < n) {
            // Wait out a stall before counting more bytes: a frozen connection neither forwards nor fires rules,
            // and one closed while frozen (the client gave up) is done.
            awaitThaw();
            if (client.isClosed()) {
                return false;
            }
            ProxyRule rule = proxy.rule(direction);
            ProxyRule.Take take = rule == null ? new ProxyRule.Take(n - offset, false) : rule.take(n - offset);
            out.write(buffer, offset, take.forward());
            out.flush();
            proxy.forwarded(direction, take.forward());
            offset += take.forward();
            if (take.fire()) {
                proxy.fired();
                if (rule.kind() == Kind.STALL) {
                    frozenUntilNanos = System.nanoTime() + rule.stall().toNanos();
                } else {
                    fail(rule.kind());
                    return false;
                }
            }
        }
        return true;
    }

    /** While the connection is stalled, neither pump forwards anything. */
    private void awaitThaw() throws InterruptedException {
        long wait;
        while ((wait = frozenUntilNanos - System.nanoTime()) > 0 && !client.isClosed()) {
            Thread.sleep(Math.max(1, Math.min(wait / 1_000_000, 50)));
        }
    }

    /** Closes both sides: with FIN for {@link Kind#DROP}, with RST for {@link Kind#RESET}. */
    void fail(Kind kind) {
        if (kind == Kind.RESET) {
            reset(client);
            reset(server);
        } else {
            close(client);
            close(server);
        }
    }

    /** Closes with an RST rather than a FIN, as a crashed peer or a middlebox does. */
    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
