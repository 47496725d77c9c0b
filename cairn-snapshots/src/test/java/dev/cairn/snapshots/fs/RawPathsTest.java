package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Name;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawPathsTest {

    @TempDir
    Path tmp;

    @Test
    void rawAccessWorksWithTheOpenedModule() {
        assertThat(RawPaths.exact()).as("surefire runs with --add-opens=java.base/sun.nio.fs").isTrue();
    }

    @Test
    void invalidUtf8NamesRoundTrip() throws Exception {
        Name bad = Name.of(new byte[] {'x', (byte) 0xff, (byte) 0xfe, 'y'});
        Path p = RawPaths.resolve(tmp, bad);
        Files.writeString(p, "data");
        try (Stream<Path> listed = Files.list(tmp)) {
            Path found = listed.findFirst().orElseThrow();
            assertThat(RawPaths.fileName(found)).isEqualTo(bad);
            assertThat(Files.readString(found)).isEqualTo("data");
        }
        byte[] whole = RawPaths.bytes(p);
        byte[] dir = RawPaths.bytes(tmp);
        assertThat(whole).hasSize(dir.length + 1 + 4);
        assertThat(whole[whole.length - 3]).isEqualTo((byte) 0xff);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "/x", "a/b", "x/", "nul\0byte"})
    void resolveRefusesNamesThatLeaveTheDirectory(String name) {
        assertThatThrownBy(() -> RawPaths.resolve(tmp, Name.of(name)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolveAcceptsOrdinaryNames() {
        assertThat(RawPaths.resolve(tmp, Name.of("...")).getParent()).isEqualTo(tmp);
        assertThat(RawPaths.resolve(tmp, Name.of(".hidden")).getFileName().toString()).isEqualTo(".hidden");
    }

    @Test
    void rootHasNoFileName() {
        assertThatThrownBy(() -> RawPaths.fileName(Path.of("/"))).hasMessageContaining("no file name");
    }
}
