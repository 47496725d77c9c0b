package dev.cairn.snapshots.browse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import org.junit.jupiter.api.Test;

class ModeStringsTest {

    private static Node node(NodeType type, long mode) {
        return Node.builder(Name.of("x"), type).mode(mode).build();
    }

    @Test
    void matchesGoFileModeString() {
        assertThat(ModeStrings.of(node(NodeType.FILE, 0644))).isEqualTo("-rw-r--r--");
        assertThat(ModeStrings.of(node(NodeType.DIR, Node.MODE_DIR | 0755))).isEqualTo("drwxr-xr-x");
        // restic's formatNode ORs the type bit even when the stored mode lacks it
        assertThat(ModeStrings.of(node(NodeType.DIR, 0755))).isEqualTo("drwxr-xr-x");
        assertThat(ModeStrings.of(node(NodeType.SYMLINK, Node.MODE_SYMLINK | 0777))).isEqualTo("Lrwxrwxrwx");
        assertThat(ModeStrings.of(node(NodeType.FILE, Node.MODE_SETUID | 0755))).isEqualTo("urwxr-xr-x");
        assertThat(ModeStrings.of(node(NodeType.DIR, Node.MODE_DIR | Node.MODE_STICKY | 0777)))
                .isEqualTo("dtrwxrwxrwx");
        assertThat(ModeStrings.of(node(NodeType.CHARDEV, Node.MODE_DEVICE | Node.MODE_CHAR_DEVICE | 0620)))
                .isEqualTo("Dcrw--w----");
        assertThat(ModeStrings.of(node(NodeType.FIFO, Node.MODE_NAMED_PIPE | 0600))).isEqualTo("prw-------");
        assertThat(ModeStrings.of(node(NodeType.SOCKET, Node.MODE_SOCKET | 0755))).isEqualTo("Srwxr-xr-x");
        assertThat(ModeStrings.of(node(NodeType.FILE, Node.MODE_SETGID | 0750))).isEqualTo("grwxr-x---");
        assertThat(ModeStrings.goFileMode(0)).isEqualTo("----------");
    }
}
