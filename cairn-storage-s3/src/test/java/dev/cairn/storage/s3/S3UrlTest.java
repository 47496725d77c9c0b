package dev.cairn.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** restic's s3 URL forms. */
class S3UrlTest {

    @Test
    void anHttpEndpointWithBucketAndPrefix() {
        S3Url url = S3Url.parse("http://127.0.0.1:9000/bucket/some/prefix/");
        assertThat(url).isEqualTo(new S3Url(Optional.of(URI.create("http://127.0.0.1:9000")), Optional.empty(),
                "bucket", "some/prefix"));
        assertThat(url.isAws()).isFalse();
        assertThat(url.key("data/ab/ab12")).isEqualTo("some/prefix/data/ab/ab12");
        assertThat(url).hasToString("s3:http://127.0.0.1:9000/bucket/some/prefix");
    }

    @Test
    void aBucketAlone() {
        S3Url url = S3Url.parse("https://minio.example.org/backups");
        assertThat(url.prefix()).isEmpty();
        assertThat(url.key("config")).isEqualTo("config");
        assertThat(url.endpoint()).contains(URI.create("https://minio.example.org"));
    }

    @Test
    void awsHostsNeedNoEndpoint() {
        S3Url global = S3Url.parse("s3.amazonaws.com/bucket/repo");
        assertThat(global.isAws()).isTrue();
        assertThat(global.hostRegion()).isEmpty();
        assertThat(global).hasToString("s3:s3.amazonaws.com/bucket/repo");
        assertThat(S3Url.parse("s3.eu-west-1.amazonaws.com/bucket").hostRegion()).contains("eu-west-1");
        assertThat(S3Url.parse("https://s3.amazonaws.com/bucket/x").isAws()).isTrue();
        assertThat(S3Url.parse("//s3.amazonaws.com/bucket").bucket()).isEqualTo("bucket");
    }

    @Test
    void otherHostsWithoutSchemeAreHttps() {
        S3Url url = S3Url.parse("storage.googleapis.com/my-bucket/cairn");
        assertThat(url.endpoint()).contains(URI.create("https://storage.googleapis.com"));
        assertThat(url.bucket()).isEqualTo("my-bucket");
        assertThat(url.prefix()).isEqualTo("cairn");
    }

    @Test
    void malformedUrlsSayWhatIsExpected() {
        assertThatThrownBy(() -> S3Url.parse("http://host:9000/")).hasMessageContaining("no bucket")
                .hasMessageContaining("s3:http(s)://host[:port]/bucket[/prefix]");
        assertThatThrownBy(() -> S3Url.parse("s3.amazonaws.com")).hasMessageContaining("no bucket");
        assertThatThrownBy(() -> S3Url.parse("http://host/b")).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> S3Url.parse("http://host/bucket/../x")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> S3Url.parse("http://key:secret@host/bucket"))
                .hasMessageContaining("AWS_ACCESS_KEY_ID").hasMessageNotContaining("secret@");
    }
}
