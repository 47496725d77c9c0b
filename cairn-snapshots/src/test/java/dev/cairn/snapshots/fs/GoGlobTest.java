package dev.cairn.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go 1.19 path/filepath match_test.go, verbatim ("bad" = ErrBadPattern). */
class GoGlobTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("abc", "abc", true, false),
                Arguments.of("*", "abc", true, false),
                Arguments.of("*c", "abc", true, false),
                Arguments.of("a*", "a", true, false),
                Arguments.of("a*", "abc", true, false),
                Arguments.of("a*", "ab/c", false, false),
                Arguments.of("a*/b", "abc/b", true, false),
                Arguments.of("a*/b", "a/c/b", false, false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true, false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/f", true, false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false, false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false, false),
                Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true, false),
                Arguments.of("a*b?c*x", "abxbbxdbxebxczzy", false, false),
                Arguments.of("ab[c]", "abc", true, false),
                Arguments.of("ab[b-d]", "abc", true, false),
                Arguments.of("ab[e-g]", "abc", false, false),
                Arguments.of("ab[^c]", "abc", false, false),
                Arguments.of("ab[^b-d]", "abc", false, false),
                Arguments.of("ab[^e-g]", "abc", true, false),
                Arguments.of("a\\*b", "a*b", true, false),
                Arguments.of("a\\*b", "ab", false, false),
                Arguments.of("a?b", "a☺b", true, false),
                Arguments.of("a[^a]b", "a☺b", true, false),
                Arguments.of("a???b", "a☺b", false, false),
                Arguments.of("a[^a][^a][^a]b", "a☺b", false, false),
                Arguments.of("[a-ζ]*", "α", true, false),
                Arguments.of("*[a-ζ]", "A", false, false),
                Arguments.of("a?b", "a/b", false, false),
                Arguments.of("a*b", "a/b", false, false),
                Arguments.of("[\\]a]", "]", true, false),
                Arguments.of("[\\-]", "-", true, false),
                Arguments.of("[x\\-]", "x", true, false),
                Arguments.of("[x\\-]", "-", true, false),
                Arguments.of("[x\\-]", "z", false, false),
                Arguments.of("[\\-x]", "x", true, false),
                Arguments.of("[\\-x]", "-", true, false),
                Arguments.of("[\\-x]", "a", false, false),
                Arguments.of("[]a]", "]", false, true),
                Arguments.of("[-]", "-", false, true),
                Arguments.of("[x-]", "x", false, true),
                Arguments.of("[x-]", "-", false, true),
                Arguments.of("[x-]", "z", false, true),
                Arguments.of("[-x]", "x", false, true),
                Arguments.of("[-x]", "-", false, true),
                Arguments.of("[-x]", "a", false, true),
                Arguments.of("\\", "a", false, true),
                Arguments.of("[a-b-c]", "a", false, true),
                Arguments.of("[", "a", false, true),
                Arguments.of("[^", "a", false, true),
                Arguments.of("[^bc", "a", false, true),
                Arguments.of("a[", "a", false, true),
                Arguments.of("a[", "ab", false, true),
                Arguments.of("a[", "x", false, true),
                Arguments.of("a/b[", "x", false, true),
                Arguments.of("*x", "xxx", true, false));
    }

    @ParameterizedTest(name = "Match({0}, {1}) = {2}, bad pattern: {3}")
    @MethodSource("cases")
    void matchesLikeGo(String pattern, String name, boolean match, boolean bad) throws Exception {
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (bad) {
            assertThatThrownBy(() -> GoGlob.match(p, n)).isInstanceOf(GoGlob.BadPatternException.class);
        } else {
            assertThat(GoGlob.match(p, n)).isEqualTo(match);
        }
    }
}
