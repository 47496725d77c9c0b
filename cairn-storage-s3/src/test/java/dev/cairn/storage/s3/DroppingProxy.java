package dev.cairn.storage.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that reads the requests going through it and, for the first
 * {@code n} uploads (PUT requests with a body of at least {@code minBody} bytes), forwards half the body and then
 * resets both connections: the fault a flaky network or a restarting server causes mid-upload.
 */
final class DroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final long minBody;
    private final AtomicInteger dropsLeft;
    private final List<String> uploads = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    DroppingProxy(int targetPort, int drops, long minBody) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.minBody = minBody;
        this.dropsLeft = new AtomicInteger(drops);
        threads.submit(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The paths of every upload that started through the proxy, dropped or not, in order. */
    List<String> uploads() {
        return List.copyOf(uploads);
    }

    int dropped() {
        return dropped.get();
    }

    private Void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                threads.submit(() -> pipe(server.getInputStream(), client.getOutputStream(), client, server));
                threads.submit(() -> requests(client, server));
            } catch (IOException e) {
                // listener closed, or the target refused: the client sees its connection fail
            }
        }
        return null;
    }

    private Void requests(Socket client, Socket server) {
        try (client; server) {
            InputStream in = client.getInputStream();
            OutputStream out = server.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return null;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String requestLine = text.substring(0, text.indexOf("\r\n"));
                long length = contentLength(text);
                if (text.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding:")) {
                    out.write(head);
                    in.transferTo(out); // not parsed further: pass through
                    return null;
                }
                boolean upload = requestLine.startsWith("PUT ") && length >= minBody;
                if (upload) {
                    uploads.add(requestLine.split(" ")[1]);
                }
                out.write(head);
                if (upload && dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    copy(in, out, length / 2);
                    out.flush();
                    dropped.incrementAndGet();
                    reset(client);
                    reset(server);
                    return null;
                }
                copy(in, out, length);
                out.flush();
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static Void pipe(InputStream from, OutputStream to, Socket a, Socket b) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(a);
            closeQuietly(b);
        }
        return null;
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (count > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, count));
            if (n < 0) {
                throw new IOException("client closed mid-body");
            }
            out.write(buffer, 0, n);
            count -= n;
        }
    }

    /** Closes with an RST rather than a FIN, as a crashed peer or a middlebox does. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
