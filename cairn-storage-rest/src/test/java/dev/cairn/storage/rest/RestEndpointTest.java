package dev.cairn.storage.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.StorageSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestEndpointTest {

    private static final StorageSettings NO_ENV = StorageSettings.of(Map.of());

    @Test
    void credentialsInTheUrlAreKeptApartAndNeverShown() {
        RestEndpoint e = RestEndpoint.parse("https://us%40er:p%3Ass@backup.example.com:8000/site", NO_ENV);
        assertThat(e.base()).hasToString("https://backup.example.com:8000/site/");
        assertThat(e.username()).isEqualTo("us@er");
        assertThat(e.password()).isEqualTo("p:ss");
        assertThat(e.redacted()).isEqualTo("https://us%40er:***@backup.example.com:8000/site/")
                .doesNotContain("p:ss").isEqualTo(e.toString());
    }

    @Test
    void credentialsComeFromTheEnvironmentWhenTheUrlHasNone() {
        RestEndpoint e = RestEndpoint.parse("http://127.0.0.1:8000/",
                StorageSettings.of(Map.of("RESTIC_REST_USERNAME", "u", "RESTIC_REST_PASSWORD", "secret")));
        assertThat(e.username()).isEqualTo("u");
        assertThat(e.password()).isEqualTo("secret");
        assertThat(e.redacted()).isEqualTo("http://u:***@127.0.0.1:8000/");
        assertThat(RestEndpoint.parse("http://h:1", NO_ENV).base()).hasToString("http://h:1/");
    }

    @Test
    void malformedUrlsShowTheExpectedFormWithoutTheSecret() {
        assertThatThrownBy(() -> RestEndpoint.parse("ftp://u:topsecret@h/x", NO_ENV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rest:http(s)://")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> RestEndpoint.parse("not a url", NO_ENV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rest:http(s)://");
    }
}
