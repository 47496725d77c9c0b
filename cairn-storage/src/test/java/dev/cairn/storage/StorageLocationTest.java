package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageLocationTest {

    @Test
    void splitsResticStyleUrls() {
        assertThat(StorageLocation.parse("/srv/backup")).isEqualTo(new StorageLocation("local", "/srv/backup"));
        assertThat(StorageLocation.parse("./repo")).isEqualTo(new StorageLocation("local", "./repo"));
        assertThat(StorageLocation.parse("repo")).isEqualTo(new StorageLocation("local", "repo"));
        assertThat(StorageLocation.parse("local:/x")).isEqualTo(new StorageLocation("local", "/x"));
        assertThat(StorageLocation.parse("s3:https://h:9000/b/p")).isEqualTo(new StorageLocation("s3", "https://h:9000/b/p"));
        assertThat(StorageLocation.parse("sftp:user@host:/path")).isEqualTo(new StorageLocation("sftp", "user@host:/path"));
        assertThat(StorageLocation.parse("ftps://u@h:21/p")).isEqualTo(new StorageLocation("ftps", "//u@h:21/p"));
        assertThat(StorageLocation.parse("rclone:remote:path")).isEqualTo(new StorageLocation("rclone", "remote:path"));
    }

    @Test
    void unknownBackendsNameTheAvailableOnes() {
        assertThatThrownBy(() -> StorageLocations.open("nosuch:thing", StorageSettings.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch").hasMessageContaining("local");
    }
}
