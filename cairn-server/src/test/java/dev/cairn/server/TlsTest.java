package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.schedule.LoadProbe;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optional TLS: with a PKCS#12 keystore the API is served over HTTPS only. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void servesHttpsWithAKeystoreAndNoPlainHttp() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "cairn", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        String log = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(log).isZero();
        try (Fixture f = new Fixture(dir.resolve("site"))) {
            f.server = CairnServer.start(new CairnServer.Parts(f.config, f.catalog, f.site, LoadProbe.NONE,
                    Clock.systemUTC(), new ServerSettings("127.0.0.1", 0, new ServerSettings.Tls(keystore,
                            "changeit"), Duration.ZERO, Duration.ofMinutes(1))));
            URI base = f.server.uri();
            assertThat(base.getScheme()).isEqualTo("https");
            assertThat(f.server.connectorCount()).isEqualTo(1);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            Api https = new Api(HttpClient.newBuilder().sslContext(ssl).build(), base);
            assertThat(https.get("/api/health", null).status()).isEqualTo(200);
            assertThat(https.get("/api/sites", f.token(Scope.READ)).status()).isEqualTo(200);
            // The same port does not speak plain HTTP.
            HttpClient plain = HttpClient.newHttpClient();
            URI http = URI.create("http://127.0.0.1:" + base.getPort() + "/api/health");
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(http).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode())
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(java.io.IOException.class));
        }
    }
}
