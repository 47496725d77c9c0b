package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden cases copied verbatim from restic v0.14.0 internal/filter/filter_test.go. */
class PathPatternsTest {

    static Stream<Arguments> matchTests() {
        return Stream.of(
            Arguments.of("", "", true),
            Arguments.of("", "foo", true),
            Arguments.of("", "/x/y/z/foo", true),
            Arguments.of("*.go", "/foo/bar/test.go", true),
            Arguments.of("*.c", "/foo/bar/test.go", false),
            Arguments.of("*", "/foo/bar/test.go", true),
            Arguments.of("**", "/foo/bar/test.go", true),
            Arguments.of("foo*", "/foo/bar/test.go", true),
            Arguments.of("bar*", "/foo/bar/test.go", true),
            Arguments.of("/bar*", "/foo/bar/test.go", false),
            Arguments.of("bar/*", "/foo/bar/test.go", true),
            Arguments.of("baz/*", "/foo/bar/test.go", false),
            Arguments.of("bar/test.go", "/foo/bar/test.go", true),
            Arguments.of("bar/*.go", "/foo/bar/test.go", true),
            Arguments.of("ba*/*.go", "/foo/bar/test.go", true),
            Arguments.of("bb*/*.go", "/foo/bar/test.go", false),
            Arguments.of("test.*", "/foo/bar/test.go", true),
            Arguments.of("tesT.*", "/foo/bar/test.go", false),
            Arguments.of("bar/*", "/foo/bar/baz", true),
            Arguments.of("bar", "/foo/bar", true),
            Arguments.of("/foo/bar", "/foo/bar", true),
            Arguments.of("/foo/bar/", "/foo/bar", true),
            Arguments.of("/foo/bar", "/foo/baz", false),
            Arguments.of("/foo/bar", "/foo/baz/", false),
            Arguments.of("/foo///bar", "/foo/bar", true),
            Arguments.of("/foo/../bar", "/foo/bar", false),
            Arguments.of("/foo/../bar", "/bar", true),
            Arguments.of("/foo", "/foo/baz", true),
            Arguments.of("/foo/", "/foo/baz", true),
            Arguments.of("/foo/*", "/foo", false),
            Arguments.of("/foo/*", "/foo/baz", true),
            Arguments.of("bar", "/foo/bar/baz", true),
            Arguments.of("bar", "/foo/bar/test.go", true),
            Arguments.of("/foo/*test.*", "/foo/bar/test.go", false),
            Arguments.of("/foo/*/test.*", "/foo/bar/test.go", true),
            Arguments.of("/foo/*/bar/test.*", "/foo/bar/test.go", false),
            Arguments.of("/*/*/bar/test.*", "/foo/bar/test.go", false),
            Arguments.of("/*/*/bar/test.*", "/foo/bar/baz/test.go", false),
            Arguments.of("/*/*/baz/test.*", "/foo/bar/baz/test.go", true),
            Arguments.of("/*/foo/bar/test.*", "/foo/bar/baz/test.go", false),
            Arguments.of("/*/foo/bar/test.*", "/foo/bar/baz/test.go", false),
            Arguments.of("/foo/bar/test.*", "bar/baz/test.go", false),
            Arguments.of("/x/y/bar/baz/test.*", "bar/baz/test.go", false),
            Arguments.of("/x/y/bar/baz/test.c", "bar/baz/test.go", false),
            Arguments.of("baz/test.*", "bar/baz/test.go", true),
            Arguments.of("baz/tesT.*", "bar/baz/test.go", false),
            Arguments.of("test.go", "bar/baz/test.go", true),
            Arguments.of("*.go", "bar/baz/test.go", true),
            Arguments.of("*.c", "bar/baz/test.go", false),
            Arguments.of("sdk", "/foo/bar/sdk", true),
            Arguments.of("sdk", "/foo/bar/sdk/test/sdk_foo.go", true),
            Arguments.of("sdk/*/cpp/*/*vars*.html", "/usr/share/doc/libreoffice/sdk/docs/cpp/ref/a00517.html", false),
            Arguments.of("foo/**/bar/*.go", "/home/user/foo/work/special/project/bar/test.go", true),
            Arguments.of("foo/**/bar/*.go", "/home/user/foo/bar/test.go", true),
            Arguments.of("foo/**/bar/*.go", "x/foo/bar/test.go", true),
            Arguments.of("foo/**/bar/*.go", "foo/bar/test.go", true),
            Arguments.of("foo/**/bar/*.go", "foo/bar/baz/bar/test.go", true),
            Arguments.of("foo/**/bar/*.go", "/home/user/foo/test.c", false),
            Arguments.of("foo/**/bar/*.go", "bar/foo/main.go", false),
            Arguments.of("foo/**/bar/*.go", "/foo/bar/main.go", true),
            Arguments.of("foo/**/bar/*.go", "bar/main.go", false),
            Arguments.of("foo/**/bar", "/home/user/foo/x/y/bar", true),
            Arguments.of("foo/**/bar", "/home/user/foo/x/y/bar/main.go", true),
            Arguments.of("foo/**/bar/**/x", "/home/user/foo/bar/x", true),
            Arguments.of("foo/**/bar/**/x", "/home/user/foo/blaaa/blaz/bar/shared/work/x", true),
            Arguments.of("user/**/important*", "/home/user/work/x/y/hidden/x", false),
            Arguments.of("user/**/hidden*/**/c", "/home/user/work/x/y/hidden/z/a/b/c", true),
            Arguments.of("c:/foo/*test.*", "c:/foo/bar/test.go", false),
            Arguments.of("c:/foo", "c:/foo/bar", true),
            Arguments.of("c:/foo/", "c:/foo/bar", true),
            Arguments.of("c:/foo/*/test.*", "c:/foo/bar/test.go", true),
            Arguments.of("c:/foo/*/bar/test.*", "c:/foo/bar/test.go", false)
        );
    }

    static Stream<Arguments> childMatchTests() {
        return Stream.of(
            Arguments.of("", "", true),
            Arguments.of("", "/foo", true),
            Arguments.of("", "/x/y/z/foo", true),
            Arguments.of("foo/bar", "/foo", true),
            Arguments.of("baz/bar", "/foo", true),
            Arguments.of("foo", "/foo/bar", true),
            Arguments.of("bar", "/foo", true),
            Arguments.of("baz", "/foo/bar", true),
            Arguments.of("*", "/foo", true),
            Arguments.of("*", "/foo/bar", true),
            Arguments.of("/foo/bar", "/foo", true),
            Arguments.of("/foo/bar/baz", "/foo", true),
            Arguments.of("/foo/bar/baz", "/foo/bar", true),
            Arguments.of("/foo/bar/baz", "/foo/baz", false),
            Arguments.of("/foo/**/baz", "/foo/bar/baz", true),
            Arguments.of("/foo/**/baz", "/foo/bar/baz/blah", true),
            Arguments.of("/foo/**/qux", "/foo/bar/baz/qux", true),
            Arguments.of("/foo/**/qux", "/foo/bar/baz", true),
            Arguments.of("/foo/**/qux", "/foo/bar/baz/boo", true),
            Arguments.of("/foo/**", "/foo/bar/baz", true),
            Arguments.of("/foo/**", "/foo/bar", true),
            Arguments.of("foo/**/bar/**/x", "/home/user/foo", true),
            Arguments.of("foo/**/bar/**/x", "/home/user/foo/bar", true),
            Arguments.of("foo/**/bar/**/x", "/home/user/foo/blaaa/blaz/bar/shared/work/x", true),
            Arguments.of("/foo/*/qux", "/foo/bar", true),
            Arguments.of("/foo/*/qux", "/foo/bar/boo", false),
            Arguments.of("/foo/*/qux", "/foo/bar/boo/xx", false),
            Arguments.of("/baz/bar", "/foo", false),
            Arguments.of("/foo", "/foo/bar", true),
            Arguments.of("/*", "/foo", true),
            Arguments.of("/*", "/foo/bar", true),
            Arguments.of("/foo", "/foo/bar", true),
            Arguments.of("/**", "/foo", true),
            Arguments.of("/*/**", "/foo", true),
            Arguments.of("/*/**", "/foo/bar", true),
            Arguments.of("/*/bar", "/foo", true),
            Arguments.of("/bar/*", "/foo", false),
            Arguments.of("/foo/*/baz", "/foo/bar", true),
            Arguments.of("/foo/*/baz", "/foo/baz", true),
            Arguments.of("/foo/*/baz", "/bar/baz", false),
            Arguments.of("/**/*", "/foo", true),
            Arguments.of("/**/bar", "/foo/bar", true)
        );
    }

    static Stream<Arguments> filterListTests() {
        return Stream.of(
            Arguments.of(List.of(), "/foo/bar/test.go", false, false),
            Arguments.of(List.of("*.go"), "/foo/bar/test.go", true, true),
            Arguments.of(List.of("*.go"), "/foo/bar", false, true),
            Arguments.of(List.of("*.c"), "/foo/bar/test.go", false, true),
            Arguments.of(List.of("*.go", "*.c"), "/foo/bar/test.go", true, true),
            Arguments.of(List.of("*"), "/foo/bar/test.go", true, true),
            Arguments.of(List.of("x"), "/foo/bar/test.go", false, true),
            Arguments.of(List.of("?"), "/foo/bar/test.go", false, true),
            Arguments.of(List.of("?", "x"), "/foo/bar/x", true, true),
            Arguments.of(List.of("/*/*/bar/test.*"), "/foo/bar/test.go", false, false),
            Arguments.of(List.of("/*/*/bar/test.*"), "/foo/bar/bar", false, true),
            Arguments.of(List.of("/*/*/bar/test.*", "*.go"), "/foo/bar/test.go", true, true),
            Arguments.of(List.of("", "*.c"), "/foo/bar/test.go", false, true),
            Arguments.of(List.of("!**", "*.go"), "/foo/bar/test.go", true, true),
            Arguments.of(List.of("!**", "*.c"), "/foo/bar/test.go", false, true),
            Arguments.of(List.of("/foo/*/test.*", "!*.c"), "/foo/bar/test.c", false, false),
            Arguments.of(List.of("/foo/*/test.*", "!*.c"), "/foo/bar/test.go", true, true),
            Arguments.of(List.of("/foo/*/*", "!test.*", "*.c"), "/foo/bar/test.go", false, true),
            Arguments.of(List.of("/foo/*/*", "!test.*", "*.c"), "/foo/bar/test.c", true, true),
            Arguments.of(List.of("/foo/*/*", "!test.*", "*.c"), "/foo/bar/file.go", true, true),
            Arguments.of(List.of("/**/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/other/test.go", true, true),
            Arguments.of(List.of("/**/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/bar", false, false),
            Arguments.of(List.of("/**/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/bar/test.go", false, false),
            Arguments.of(List.of("/**/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/bar/test.go/child", false, false),
            Arguments.of(List.of("/**/*", "!/foo", "/foo/*", "!/foo/bar", "/foo/bar/test*"), "/foo/bar/test.go/child", true, true),
            Arguments.of(List.of("/foo/bar/*"), "/foo", false, true),
            Arguments.of(List.of("/foo/bar/*", "!/foo/bar/[a-m]*"), "/foo", false, true),
            Arguments.of(List.of("/foo/**/test.c"), "/foo/bar/foo/bar/test.c", true, true),
            Arguments.of(List.of("/foo/*/test.c"), "/foo/bar/foo/bar/test.c", false, false)
        );
    }

    @ParameterizedTest(name = "Match({0}, {1}) = {2}")
    @MethodSource("matchTests")
    void matchesLikeRestic(String pattern, String path, boolean expected) {
        assertThat(PathPatterns.match(pattern, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "ChildMatch({0}, {1}) = {2}")
    @MethodSource("childMatchTests")
    void childMatchesLikeRestic(String pattern, String path, boolean expected) {
        assertThat(PathPatterns.childMatch(pattern, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "List({0}, {1}) = {2}, {3}")
    @MethodSource("filterListTests")
    void listsLikeRestic(List<String> patterns, String path, boolean match, boolean childMatch) {
        PathPatterns p = PathPatterns.parse(patterns);
        assertThat(p.matches(path)).isEqualTo(match);
        assertThat(p.matchWithChild(path.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(new PathPatterns.Match(match, childMatch));
    }

    @Test
    void emptyPathsAreRejectedLikeResticsErrBadString() {
        assertThatThrownBy(() -> PathPatterns.match("test", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathPatterns.childMatch("test", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathPatterns.parse(List.of("test")).matches(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardExampleFromResticDocs() {
        assertThat(PathPatterns.match("/home/[uU]ser/?.go", "/home/user/F.go")).isTrue();
        assertThat(PathPatterns.parse(List.of("*.c", "*.go")).matches("/home/user/file.go")).isTrue();
    }

    @Test
    void invalidPatternsAreNamed() {
        assertThatThrownBy(() -> PathPatterns.parse(List.of("ok", "/a/[b", "x[")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/a/[b").hasMessageContaining("x[").hasMessageNotContaining("ok,");
    }

    @Test
    void matchesRawBytesThatAreNotUtf8() {
        byte[] path = {'/', 'd', '/', 'b', 'a', 'd', (byte) 0xff, '.', 't', 'm', 'p'};
        assertThat(PathPatterns.parse(List.of("*.tmp")).matches(path)).isTrue();
        assertThat(PathPatterns.parse(List.of("bad?.tmp")).matches(path)).isTrue();
        assertThat(PathPatterns.parse(List.of("bad.tmp")).matches(path)).isFalse();
        byte[] pattern = {'/', 'd', '/', 'b', 'a', 'd', (byte) 0xff, '*'};
        assertThat(PathPatterns.parseBytes(List.of(pattern)).matches(path)).isTrue();
    }
}
