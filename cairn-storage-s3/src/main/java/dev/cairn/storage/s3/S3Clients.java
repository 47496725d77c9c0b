package dev.cairn.storage.s3;

import dev.cairn.storage.StorageSettings;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client for a location: credentials, region, addressing, pool size, and no SDK-level retries. */
final class S3Clients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private S3Clients() {
    }

    static S3Client build(S3Url url, S3Options options, StorageSettings settings) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .maxConnections(options.connections())
                // Callers may run more operations than connections (they size fan-out at 2x): the extra ones wait
                // for a free connection rather than fail, which is what bounds memory and load on the server.
                .connectionAcquisitionTimeout(Duration.ofMinutes(10))
                // A host that drops the SYN is given up on soon, whatever s3.timeout allows a silent reply: each of
                // the retry decorator's attempts would otherwise wait that long.
                .connectionTimeout(options.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? options.timeout()
                        : CONNECT_TIMEOUT)
                // A server that accepts a request and then stops answering (or stops mid-download) fails the
                // attempt after this long without a byte, as a transient fault the retry decorator retries.
                .socketTimeout(options.timeout())
                .tcpKeepAlive(true)
                // Expect: 100-continue costs a round trip per upload, saves nothing since every save asks (HEAD)
                // first, and on an empty body Jetty-based servers (S3Proxy) close the connection right after the
                // reply, so the next request on it failed with "broken pipe" (seen in 1 of 10 empty saves).
                .expectContinueEnabled(false);
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(options.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(options.pathStyle())
                // Newer SDKs send CRC trailers in aws-chunked bodies by default, which many S3-compatible servers
                // (and GCS's XML API) reject; Cairn sends Content-MD5 instead, which every implementation checks.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Retries belong to Cairn's retry decorator (back-off with jitter); SDK retries on top of it would
                // multiply the attempts (10 x 3) and hide faults from the decorator's accounting.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        url.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * restic's order: the key pair from the environment (with a session token when given), else the named
     * {@code AWS_PROFILE}, else the SDK's default chain (web identity, shared files, container and instance roles).
     */
    static AwsCredentialsProvider credentials(StorageSettings settings) {
        Optional<String> id = settings.env("AWS_ACCESS_KEY_ID");
        Optional<String> secret = settings.env("AWS_SECRET_ACCESS_KEY");
        if (id.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException((id.isPresent() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
                    + " is set but " + (id.isPresent() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
                    + " is not: set both, or neither to use AWS_PROFILE or an instance role");
        }
        if (id.isPresent()) {
            Optional<String> token = settings.env("AWS_SESSION_TOKEN");
            AwsCredentials credentials = token.isPresent()
                    ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                    : AwsBasicCredentials.create(id.get(), secret.get());
            return StaticCredentialsProvider.create(credentials);
        }
        Optional<String> profile = settings.env("AWS_PROFILE");
        if (profile.isPresent()) {
            return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
