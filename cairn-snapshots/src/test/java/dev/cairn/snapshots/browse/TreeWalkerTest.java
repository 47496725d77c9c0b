package dev.cairn.snapshots.browse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.testing.Fixture;
import dev.cairn.snapshots.testing.TestRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeWalkerTest {

    private final Repository repo = TestRepository.create();
    private final Fixture fx = new Fixture(repo);
    private final Id root = fx.tree(
            fx.dir("srv",
                    fx.dir("blog", fx.file("index.php", "<?php"), fx.dir("wp", fx.file("a", "a"))),
                    fx.dir("blogger", fx.file("b", "b"))),
            fx.file("z", "z"));
    private final TreeWalker walker = new TreeWalker(repo);

    TreeWalkerTest() throws Exception {
        repo.flush();
    }

    private List<String> paths(WalkCall call) throws Exception {
        List<String> out = new ArrayList<>();
        call.run((path, node) -> {
            out.add(path);
            return TreeWalker.Action.CONTINUE;
        });
        return out;
    }

    private interface WalkCall {
        void run(TreeWalker.Visitor v) throws Exception;
    }

    @Test
    void walksDepthFirstInNameOrder() throws Exception {
        assertThat(paths(v -> walker.walk(root, v))).containsExactly("/srv", "/srv/blog", "/srv/blog/index.php",
                "/srv/blog/wp", "/srv/blog/wp/a", "/srv/blogger", "/srv/blogger/b", "/z");
    }

    @Test
    void prefixFilterComparesWholeComponents() throws Exception {
        assertThat(paths(v -> walker.walk(root, "/srv/blog", v))).containsExactly("/srv/blog",
                "/srv/blog/index.php", "/srv/blog/wp", "/srv/blog/wp/a");
    }

    @Test
    void skipChildrenStopsDescent() throws Exception {
        List<String> seen = new ArrayList<>();
        walker.walk(root, (path, node) -> {
            seen.add(path);
            return path.equals("/srv/blog") ? TreeWalker.Action.SKIP_CHILDREN : TreeWalker.Action.CONTINUE;
        });
        assertThat(seen).doesNotContain("/srv/blog/index.php").contains("/srv/blogger/b");
    }

    @Test
    void lsFollowsRestic014() throws Exception {
        // no directory: everything, recursively
        assertThat(paths(v -> walker.ls(root, List.of(), false, v))).hasSize(8);
        // a directory, not recursive: the directory and its entries
        assertThat(paths(v -> walker.ls(root, List.of("/srv/blog"), false, v))).containsExactly("/srv/blog",
                "/srv/blog/index.php", "/srv/blog/wp");
        assertThat(paths(v -> walker.ls(root, List.of("/srv/blog"), true, v))).containsExactly("/srv/blog",
                "/srv/blog/index.php", "/srv/blog/wp", "/srv/blog/wp/a");
    }

    @Test
    void findsNodesByPath() throws Exception {
        assertThat(walker.find(root, "/srv/blog/wp/a").name().toString()).isEqualTo("a");
        assertThat(walker.find(root, "srv/blogger").isDir()).isTrue();
        assertThat(walker.find(root, "/srv/nope")).isNull();
        assertThat(walker.find(root, "/z/below-a-file")).isNull();
    }
}
