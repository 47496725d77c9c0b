package dev.cairn.storage.rest;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * restic's REST protocol ({@code doc/REST_backend.rst}) over {@link HttpClient}: {@code {base}/config} and
 * {@code {base}/{type}/{name}} (packs without the two-character directory, which the server adds on disk).
 * Version 2 is asked for with the {@code Accept} header on every list; a server that answers with another content
 * type speaks v1 (names only), and sizes then come from one HEAD per file, as restic does.
 */
final class RestStorage implements Storage {

    private final String location;
    private final RestEndpoint endpoint;
    private final RestTransport transport;
    private final int connections;
    private final NameLocks locks = new NameLocks();

    RestStorage(RestEndpoint endpoint, String location, int connections, Duration timeout) {
        this.endpoint = endpoint;
        this.location = location;
        this.connections = connections;
        this.transport = new RestTransport(endpoint, location, connections, timeout);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public void create() throws IOException {
        if (size(Handle.config(), "create") >= 0) {
            throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                    + "location holds a repository; use it as it is or choose another path", null);
        }
        HttpResponse<String> response = transport.send(transport.request(endpoint.base().resolve("?create=true"))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString(), "create", "/");
        transport.expectOk(response, "create", "/ (POST ?create=true)");
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        String file = handle.toString();
        // One save per name at a time in this process: a server such as rclone writes in place, so two
        // concurrent uploads of one name could truncate each other.
        Lock lock = locks.lock(handle);
        try {
            long existing = size(handle, "save");
            if (existing == content.length()) {
                return; // names are content hashes: the same size is this content, saved before (a replayed save)
            }
            if (existing >= 0) {
                throw new StorageException.Permanent(location + ": save " + file + ": a file of " + existing
                        + " bytes exists already and files are never overwritten (this save has " + content.length()
                        + " bytes); remove the old file first if it is damaged", null);
            }
            new RestUpload(transport, location).post(uri(handle), file, content);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        String file = handle.toString();
        if (length == 0) {
            stat(handle); // still report a missing file as such
            return new ByteArrayInputStream(new byte[0]);
        }
        String range = "bytes=" + offset + "-" + (length < 0 ? "" : Long.toString(offset + length - 1));
        HttpResponse<InputStream> response = transport.send(transport.request(uri(handle)).GET()
                .header("Range", range), HttpResponse.BodyHandlers.ofInputStream(), "open", file);
        int status = response.statusCode();
        if (status == 416) {
            // Range starts at or past the end: an existing file with nothing to read there.
            response.body().close();
            return new ByteArrayInputStream(new byte[0]);
        }
        if (status != 200 && status != 206) {
            throw transport.failure(status, RestTransport.errorText(response.body()), "open", file);
        }
        InputStream body = response.body();
        if (status == 200 && offset > 0) {
            // The server ignored the Range header and sent the whole file.
            body.skipNBytes(offset);
        }
        return new ResponseStream(body, length < 0 ? Long.MAX_VALUE : length,
                e -> new StorageException.Transient(location + ": read " + file + ": " + e.getMessage(), e));
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        long size = size(handle, "stat");
        if (size < 0) {
            throw new StorageException.NotFound(location + ": stat " + handle + ": no such file");
        }
        return new FileInfo(handle.name(), size);
    }

    /** The file's size by HEAD, or -1 if it does not exist. */
    private long size(Handle handle, String op) throws IOException {
        HttpResponse<Void> response = transport.send(transport.request(uri(handle))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding(),
                op, handle.toString());
        if (response.statusCode() == 404) {
            return -1;
        }
        transport.expectOk(response, op, handle.toString());
        return response.headers().firstValueAsLong("Content-Length").orElseThrow(() ->
                new StorageException.Permanent(location + ": " + op + " " + handle + ": the server's reply to HEAD "
                        + "has no Content-Length; it does not implement restic's REST protocol", null));
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        if (type == FileType.CONFIG) {
            long size = size(Handle.config(), "list");
            if (size >= 0) {
                each.accept(new FileInfo("config", size));
            }
            return;
        }
        String dir = type.dirName() + "/";
        HttpResponse<byte[]> response = transport.send(transport.request(endpoint.base().resolve(dir)).GET()
                .header("Accept", RestListing.V2), HttpResponse.BodyHandlers.ofByteArray(), "list", dir);
        if (response.statusCode() == 404) {
            return; // restic master's rule: a missing type directory holds no files
        }
        transport.expectOk(response, "list", dir);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        for (RestListing.Entry entry : RestListing.parse(response.body(), contentType, location, dir)) {
            if (entry.size() >= 0) {
                each.accept(new FileInfo(entry.name(), entry.size()));
            } else {
                long size = size(Handle.of(type, entry.name()), "list");
                if (size >= 0) { // removed since the listing otherwise
                    each.accept(new FileInfo(entry.name(), size));
                }
            }
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        HttpResponse<String> response = transport.send(transport.request(uri(handle)).DELETE(),
                HttpResponse.BodyHandlers.ofString(), "remove", handle.toString());
        transport.expectOk(response, "remove", handle.toString());
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return location;
    }

    private URI uri(Handle handle) {
        if (handle.type() == FileType.CONFIG) {
            return endpoint.base().resolve("config");
        }
        return endpoint.base().resolve(handle.type().dirName() + "/" + PathSegments.encode(handle.name()));
    }
}
