package dev.cairn.storage.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that forwards every connection to a real server and breaks connections on demand, the
 * way networks and servers fail: a connection dropped or reset after so many bytes, a server that stops answering
 * for a while, a server that refuses connections (restarting). It knows nothing of the protocol, so it works in
 * front of any backend's server (SSH, HTTP, FTP control connections).
 *
 * <p>Rules belong to the instance; byte counts start when a rule is added and run over all connections in the
 * rule's direction, so a test can connect, add a rule and know the fault strikes in the middle of its next upload.
 * A rule fires {@code times} times, counting its bytes anew after each firing.
 */
public final class FaultyProxy implements AutoCloseable {

    /** Which way the bytes a rule counts flow. */
    public enum Direction {
        /** Client to server: uploads, requests. */
        UPSTREAM,
        /** Server to client: downloads, replies. */
        DOWNSTREAM
    }

    /** What happens when a rule fires. */
    enum Kind { DROP, RESET, STALL }

    private final InetSocketAddress target;
    private final int port;
    private final List<ProxyRule> rules = new CopyOnWriteArrayList<>();
    private final Set<ProxyConnection> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger resetOnAccept = new AtomicInteger();
    private final AtomicInteger faults = new AtomicInteger();
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicLong downstream = new AtomicLong();
    private final Object listenerLock = new Object();
    private volatile ServerSocket listener;
    private volatile long refuseUntilNanos;
    private volatile java.util.concurrent.CountDownLatch listenerClosed = new java.util.concurrent.CountDownLatch(0);
    private volatile boolean closed;

    private FaultyProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
        threads.submit(this::acceptLoop);
    }

    /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code 127.0.0.1:targetPort}. */
    public static FaultyProxy start(int targetPort) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    /** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code target}. */
    public static FaultyProxy start(InetSocketAddress target) throws IOException {
        return new FaultyProxy(Objects.requireNonNull(target, "target"), bind(0));
    }

    /** The port clients connect to (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** After {@code bytes} more bytes in {@code direction}, closes both sides of that connection (FIN). */
    public FaultyProxy dropAfter(Direction direction, long bytes, int times) {
        return add(new ProxyRule(Kind.DROP, direction, bytes, Duration.ZERO, times));
    }

    /** After {@code bytes} more bytes in {@code direction}, resets both sides of that connection (RST). */
    public FaultyProxy resetAfter(Direction direction, long bytes, int times) {
        return add(new ProxyRule(Kind.RESET, direction, bytes, Duration.ZERO, times));
    }

    /**
     * After {@code bytes} more bytes in {@code direction}, that connection forwards nothing either way for
     * {@code stall}: the server seems to hang. It then goes on, unless a side gave up and closed it meanwhile.
     */
    public FaultyProxy stallAfter(Direction direction, long bytes, Duration stall, int times) {
        return add(new ProxyRule(Kind.STALL, direction, bytes, stall, times));
    }

    /** Resets the next {@code count} connections as soon as they are accepted. */
    public FaultyProxy resetNewConnections(int count) {
        resetOnAccept.addAndGet(count);
        return this;
    }

    /** Resets every open connection now, as a crashing server or a rebooting router does. */
    public FaultyProxy resetAll() {
        for (ProxyConnection connection : open) {
            connection.fail(Kind.RESET);
        }
        return this;
    }

    /**
     * Stops listening for {@code duration}: new connections are refused (ECONNREFUSED), as while a server restarts;
     * open connections are not touched. Then listens again on the same port.
     */
    public FaultyProxy refuseFor(Duration duration) throws IOException {
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        synchronized (listenerLock) {
            refuseUntilNanos = System.nanoTime() + duration.toNanos();
            listenerClosed = closed;
            listener.close();
        }
        // The port is free only once the accepting thread has left accept(): wait for it, so refusals start now.
        try {
            if (!closed.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException("the proxy's listener on port " + port + " did not close within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while closing the proxy's listener");
        }
        return this;
    }

    /** Removes every rule that has not fired all its times; counts stay. */
    public FaultyProxy clear() {
        rules.clear();
        resetOnAccept.set(0);
        refuseUntilNanos = 0;
        return this;
    }

    /** Connections accepted so far (including ones reset at once). */
    public int connections() {
        return accepted.get();
    }

    /** Faults injected so far: rule firings and connections reset on accept (not {@link #resetAll}). */
    public int faults() {
        return faults.get();
    }

    /** Bytes forwarded so far in {@code direction}. */
    public long bytes(Direction direction) {
        return (direction == Direction.UPSTREAM ? upstream : downstream).get();
    }

    private FaultyProxy add(ProxyRule rule) {
        rules.add(rule);
        return this;
    }

    /** The first rule for {@code direction} that has firings left, or null. */
    ProxyRule rule(Direction direction) {
        for (ProxyRule rule : rules) {
            if (rule.direction() == direction && rule.active()) {
                return rule;
            }
        }
        return null;
    }

    void fired() {
        faults.incrementAndGet();
    }

    void forwarded(Direction direction, int n) {
        (direction == Direction.UPSTREAM ? upstream : downstream).addAndGet(n);
    }

    private Void acceptLoop() {
        while (!closed) {
            ServerSocket current = listener;
            Socket client;
            try {
                client = current.accept();
            } catch (IOException e) {
                if (!closed) {
                    awaitRefusalEnd(current);
                }
                continue;
            }
            accepted.incrementAndGet();
            threads.submit(() -> serve(client));
        }
        return null;
    }

    /** The listener was closed by {@link #refuseFor}: wait out the refusal, then listen on the same port again. */
    private void awaitRefusalEnd(ServerSocket old) {
        listenerClosed.countDown();
        try {
            long wait;
            while (!closed && (wait = refuseUntilNanos - System.nanoTime()) > 0) {
                Thread.sleep(Duration.ofNanos(Math.min(wait, 20_000_000L)));
            }
            synchronized (listenerLock) {
                if (!closed && listener == old) {
                    listener = bind(port);
                }
            }
        } catch (IOException | InterruptedException e) {
            if (!closed) {
                throw new IllegalStateException("the proxy could not listen on port " + port + " again", e);
            }
        }
    }

    private void serve(Socket client) {
        Socket server = null;
        try {
            if (resetOnAccept.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                faults.incrementAndGet();
                ProxyConnection.reset(client);
                return;
            }
            server = new Socket();
            server.connect(target, 10_000);
            ProxyConnection connection = new ProxyConnection(this, client, server);
            open.add(connection);
            threads.submit(() -> connection.pump(Direction.UPSTREAM));
            threads.submit(() -> {
                connection.pump(Direction.DOWNSTREAM);
                open.remove(connection);
            });
        } catch (IOException e) {
            ProxyConnection.reset(client);
            if (server != null) {
                ProxyConnection.reset(server);
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (listenerLock) {
            listener.close();
        }
        for (ProxyConnection connection : open) {
            connection.fail(Kind.DROP);
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultyProxy 127.0.0.1:" + port + " -> " + target;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return socket;
    }
}
