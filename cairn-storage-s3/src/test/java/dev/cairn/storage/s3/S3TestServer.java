package dev.cairn.storage.s3;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

/**
 * A real S3 server for tests: S3Proxy on 127.0.0.1 (a free port), over a fresh filesystem blob store, checking
 * AWS signatures (v2 and v4) against one key pair. Also used by cairn-cli's end-to-end tests (test-jar).
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "cairn-test-access";
    public static final String SECRET_KEY = "cairn-test-secret-0123456789";

    private final S3ProxyJunitCore proxy;

    private S3TestServer(S3ProxyJunitCore proxy) {
        this.proxy = proxy;
    }

    public static S3TestServer start() throws Exception {
        S3ProxyJunitCore proxy = new S3ProxyJunitCore.Builder()
                .withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.beforeEach();
        return new S3TestServer(proxy);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        URI uri = proxy.getUri();
        return URI.create("http://127.0.0.1:" + uri.getPort());
    }

    public int port() {
        return proxy.getUri().getPort();
    }

    /** The repository URL of {@code bucket/prefix} on this server, as restic spells it. */
    public String url(String bucketAndPrefix) {
        return "s3:" + endpoint() + "/" + bucketAndPrefix;
    }

    /**
     * Opens {@code bucket/prefix} on this server as users get it: the S3 backend behind Cairn's retry decorator
     * ({@link StorageLocations#open}). The conformance suites go through the decorator because S3Proxy's filesystem
     * store races with itself: removing an object deletes its parent folder when it looks empty, and a save into
     * that folder at the same moment fails with HTTP 500 InternalError ("try again"), which the backend rightly
     * classifies as transient. Real S3 has no folders; the retry decorator is what answers a transient 500 there.
     * Raw error classification is tested on {@link StorageLocations#openRaw} by S3ErrorsTest and S3FaultTest.
     */
    public Storage open(String bucketAndPrefix, Map<String, String> options) throws IOException {
        return StorageLocations.open(url(bucketAndPrefix), new StorageSettings(credentials(), options));
    }

    /** The environment with this server's credentials (restic's variable names). */
    public Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    @Override
    public void close() {
        proxy.afterEach();
    }
}
