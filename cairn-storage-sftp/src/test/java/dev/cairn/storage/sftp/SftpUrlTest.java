package dev.cairn.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** restic's two SFTP URL forms, parsed as {@code internal/backend/sftp/config.go} does. */
class SftpUrlTest {

    @Test
    void theScpLikeForm() {
        assertThat(SftpUrl.parse("user@host:/srv/repo")).isEqualTo(new SftpUrl("user", "host", 0, "/srv/repo"));
        assertThat(SftpUrl.parse("host:repo/")).isEqualTo(new SftpUrl("", "host", 0, "repo"));
        assertThat(SftpUrl.parse("a@b@host:/x//y/../z")).isEqualTo(new SftpUrl("a@b", "host", 0, "/x/z"));
        assertThat(SftpUrl.parse("user@host:")).isEqualTo(new SftpUrl("user", "host", 0, "."));
    }

    @Test
    void theUrlForm() {
        assertThat(SftpUrl.parse("//user@host:2222/repo")).isEqualTo(new SftpUrl("user", "host", 2222, "repo"));
        assertThat(SftpUrl.parse("//user@host//srv/repo")).isEqualTo(new SftpUrl("user", "host", 0, "/srv/repo"));
        assertThat(SftpUrl.parse("//host:22/a/b")).isEqualTo(new SftpUrl("", "host", 22, "a/b"));
    }

    @Test
    void printsBackAsAUrlAndResolvesNames() {
        assertThat(SftpUrl.parse("//u@h:2222//srv/r")).hasToString("sftp://u@h:2222//srv/r");
        assertThat(SftpUrl.parse("u@h:/srv/r")).hasToString("sftp:u@h:/srv/r");
        assertThat(SftpUrl.parse("u@h:/srv/r").resolve("data/ab/x")).isEqualTo("/srv/r/data/ab/x");
        assertThat(SftpUrl.parse("u@h:").resolve("config")).isEqualTo("config");
        assertThat(SftpUrl.parse("u@h:/").resolve("config")).isEqualTo("/config");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> SftpUrl.parse("hostonly")).hasMessageContaining("sftp:user@host:/path");
        assertThatThrownBy(() -> SftpUrl.parse("u@h:~/repo")).hasMessageContaining("'~'");
        assertThatThrownBy(() -> SftpUrl.parse("//u:pw@h/repo")).hasMessageContaining("CAIRN_SFTP_PASSWORD")
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> SftpUrl.parse("//u@h")).hasMessageContaining("no directory");
    }
}
