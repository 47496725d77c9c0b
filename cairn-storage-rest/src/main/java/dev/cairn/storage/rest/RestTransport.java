package dev.cairn.storage.rest;

import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;

/**
 * The HTTP side of the REST backend: one {@link HttpClient} (HTTP/1.1, as rest-server and rclone speak it), a
 * semaphore bounding the requests in flight to {@code rest.connections}, basic authentication, and the
 * classification of replies and faults into {@link StorageException}s that name the location, operation and file.
 */
final class RestTransport implements AutoCloseable {

    private final String location;
    private final String authorization;
    private final HttpClient http;
    private final Semaphore permits;
    private final Duration timeout;

    RestTransport(RestEndpoint endpoint, String location, int connections, Duration timeout) {
        this.location = location;
        this.timeout = timeout;
        this.permits = new Semaphore(connections, true);
        this.authorization = endpoint.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (endpoint.username() + ":" + (endpoint.password() == null ? "" : endpoint.password()))
                        .getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A request builder with the authorization header and the reply timeout. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Sends within the connection limit. The permit is held until the reply's headers arrive; a streamed body
     * is read afterwards without one, so a caller holding several open streams cannot starve itself.
     */
    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, String op, String file)
            throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location + ": " + op + " " + file + ": interrupted");
        }
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location + ": " + op + " " + file + ": interrupted");
        } catch (HttpTimeoutException e) {
            throw new StorageException.Transient(location + ": " + op + " " + file + ": no reply from the server "
                    + "within " + timeout.toSeconds() + " s (option rest.timeout)", e);
        } catch (IOException e) {
            throw new StorageException.Transient(location + ": " + op + " " + file + ": " + describe(e)
                    + "; is the REST server running and reachable?", e);
        } finally {
            permits.release();
        }
    }

    /** Throws the classified failure unless the reply is 200 (or another 2xx). */
    void expectOk(HttpResponse<?> response, String op, String file) throws StorageException {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String text = response.body() instanceof String s ? s : "";
            throw failure(status, text, op, file);
        }
    }

    /**
     * restic's classification: 404 is an answer, 401/403/507 (and other client errors) are permanent, 5xx,
     * 408 and 429 may pass.
     */
    StorageException failure(int status, String serverText, String op, String file) {
        String prefix = location + ": " + op + " " + file + ": HTTP " + status + reason(serverText);
        return switch (status) {
            case 404 -> new StorageException.NotFound(prefix + "; no such file");
            case 401 -> new StorageException.Permanent(prefix + "; the server refused the credentials: check the "
                    + "user and password (in the URL or RESTIC_REST_USERNAME/RESTIC_REST_PASSWORD)", null);
            case 403 -> new StorageException.Permanent(prefix + "; the server forbids this (append-only mode, "
                    + "a private repository of another user, or a file that exists already)", null);
            case 507 -> new StorageException.Permanent(prefix + "; the server has no space left: free some space "
                    + "there or move the repository", null);
            case 408, 429 -> new StorageException.Transient(prefix, null);
            default -> status >= 500 ? new StorageException.Transient(prefix, null)
                    : new StorageException.Permanent(prefix + "; the server rejected the request", null);
        };
    }

    private static String reason(String serverText) {
        String text = serverText == null ? "" : serverText.strip();
        if (text.isEmpty()) {
            return "";
        }
        return " (" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + ")";
    }

    /** Up to 1 KiB of an error reply's body, for the message; closes the stream. */
    static String errorText(InputStream body) {
        try (body) {
            return new String(body.readNBytes(1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }

    String location() {
        return location;
    }

    @Override
    public void close() {
        http.close();
    }
}
