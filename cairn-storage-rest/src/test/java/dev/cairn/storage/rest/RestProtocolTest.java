package dev.cairn.storage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol details a real server does not let us provoke: a v1-only server (names only, sizes by HEAD), a server
 * that ignores Range, and the classification of 401/403/500/507 replies. The server is the JDK's HttpServer with a
 * few lines of restic's protocol.
 */
class RestProtocolTest {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private volatile int forcedStatus;
    private HttpServer server;
    private Storage storage;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/repo/");
        storage = RestStorages.open(new RestEndpoint(base, null, null), "rest:" + base, StorageSettings.of(Map.of()));
    }

    @AfterEach
    void stop() throws IOException {
        storage.close();
        server.stop(0);
    }

    /** A v1 server: lists are plain JSON arrays of names, GET ignores Range. */
    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath().substring("/repo/".length());
        synchronized (requests) {
            requests.add(method + " " + path + " " + exchange.getRequestHeaders().getFirst("Accept"));
        }
        if (forcedStatus != 0) {
            reply(exchange, forcedStatus, "forced".getBytes(StandardCharsets.UTF_8), method);
            return;
        }
        switch (method) {
            case "GET" -> {
                if (path.endsWith("/")) {
                    StringBuilder json = new StringBuilder("[");
                    files.keySet().stream().filter(k -> k.startsWith(path)).forEach(k ->
                            json.append(json.length() > 1 ? "," : "").append('"')
                                    .append(k.substring(path.length())).append('"'));
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    reply(exchange, 200, json.append(']').toString().getBytes(StandardCharsets.UTF_8), method);
                } else {
                    byte[] content = files.get(path);
                    reply(exchange, content == null ? 404 : 200, content == null ? new byte[0] : content, method);
                }
            }
            case "HEAD" -> {
                byte[] content = files.get(path);
                reply(exchange, content == null ? 404 : 200, content == null ? new byte[0] : content, method);
            }
            case "POST" -> {
                files.put(path, exchange.getRequestBody().readAllBytes());
                reply(exchange, 200, new byte[0], method);
            }
            case "DELETE" -> reply(exchange, files.remove(path) == null ? 404 : 200, new byte[0], method);
            default -> reply(exchange, 405, new byte[0], method);
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String method) throws IOException {
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Test
    void aV1ServerIsListedWithOneHeadPerFile() throws IOException {
        storage.save(Handle.of(FileType.SNAPSHOT, "aa11"), ByteSource.of(new byte[] {1, 2, 3}));
        storage.save(Handle.of(FileType.SNAPSHOT, "bb22"), ByteSource.of(new byte[5]));
        List<FileInfo> listed = new ArrayList<>();
        storage.list(FileType.SNAPSHOT, listed::add);
        assertThat(listed).containsExactlyInAnyOrder(new FileInfo("aa11", 3), new FileInfo("bb22", 5));
        assertThat(requests).contains("GET snapshots/ application/vnd.x.restic.rest.v2", "HEAD snapshots/aa11 null",
                "HEAD snapshots/bb22 null");
    }

    @Test
    void aServerThatIgnoresRangeStillGivesTheRange() throws IOException {
        Handle pack = Handle.of(FileType.PACK, "cc33");
        storage.save(pack, ByteSource.of("0123456789".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(storage.load(pack, 3, 4), StandardCharsets.UTF_8)).isEqualTo("3456");
        assertThat(requests).contains("POST data/cc33 null");
    }

    @Test
    void repliesAreClassified() {
        Handle handle = Handle.of(FileType.INDEX, "dd44");
        forcedStatus = 401;
        assertThatThrownBy(() -> storage.stat(handle)).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("rest:http://127.0.0.1").hasMessageContaining("stat index/dd44")
                .hasMessageContaining("401").hasMessageContaining("credentials");
        forcedStatus = 403;
        assertThatThrownBy(() -> storage.remove(handle)).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("remove index/dd44").hasMessageContaining("403");
        forcedStatus = 507;
        assertThatThrownBy(() -> storage.save(handle, ByteSource.of(new byte[10])))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("no space");
        forcedStatus = 500;
        assertThatThrownBy(() -> storage.open(handle, 0, -1)).isInstanceOf(StorageException.Transient.class)
                .hasMessageContaining("open index/dd44").hasMessageContaining("500");
        forcedStatus = 503;
        assertThatThrownBy(() -> storage.list(FileType.INDEX, f -> { })).isInstanceOf(StorageException.Transient.class);
        forcedStatus = 404;
        assertThatThrownBy(() -> storage.open(handle, 0, -1)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void anUnreachableServerIsTransient() throws IOException {
        server.stop(0);
        assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Transient.class)
                .hasMessageContaining("stat config").hasMessageContaining("reachable");
    }
}
