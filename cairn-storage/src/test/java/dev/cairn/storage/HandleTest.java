package dev.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HandleTest {
    @Test
    void rejectsNamesThatEscapeTheirDirectory() {
        assertThatThrownBy(() -> Handle.of(FileType.PACK, "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Handle.of(FileType.KEY, "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Handle.of(FileType.CONFIG, "other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsAsRepositoryPath() {
        assertThat(Handle.config()).hasToString("config");
        assertThat(Handle.of(FileType.SNAPSHOT, "ab")).hasToString("snapshots/ab");
    }

    @Test
    void layoutPathIsResticsDefaultLayout() {
        String id = "ab" + "0".repeat(62);
        assertThat(Handle.config().layoutPath()).isEqualTo("config");
        assertThat(Handle.of(FileType.PACK, id).layoutPath()).isEqualTo("data/ab/" + id);
        assertThat(Handle.of(FileType.KEY, id).layoutPath()).isEqualTo("keys/" + id);
        assertThat(Handle.of(FileType.SNAPSHOT, id).layoutPath()).isEqualTo("snapshots/" + id);
        assertThat(Handle.of(FileType.INDEX, id).layoutPath()).isEqualTo("index/" + id);
        assertThat(Handle.of(FileType.LOCK, id).layoutPath()).isEqualTo("locks/" + id);
    }

    @Test
    void packNamesMustFitTheTwoCharacterSubdirectories() {
        assertThatThrownBy(() -> Handle.of(FileType.PACK, "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }
}
