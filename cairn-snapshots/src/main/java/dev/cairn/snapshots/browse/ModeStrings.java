package dev.cairn.snapshots.browse;

import dev.cairn.repository.Node;

/**
 * Go's {@code os.FileMode.String()}, which restic's {@code ls --long} prints: one letter per set type/special bit
 * from {@code "dalTLDpSugct?"} (or {@code -} when none is set), then {@code rwxrwxrwx}. So a setuid file is
 * {@code urwxr-xr-x} and a sticky directory {@code dtrwxrwxrwx}, not the {@code ls -l} spelling.
 */
public final class ModeStrings {

    private static final String TYPE_LETTERS = "dalTLDpSugct?";
    private static final String RWX = "rwxrwxrwx";

    private ModeStrings() {
    }

    /** The mode string restic 0.14 prints for this node: its type bits (from the node type) OR its stored mode. */
    public static String of(Node node) {
        long typeBits = switch (node.type()) {
            case FILE, IRREGULAR -> 0;
            case DIR -> Node.MODE_DIR;
            case SYMLINK -> Node.MODE_SYMLINK;
            case DEV -> Node.MODE_DEVICE;
            case CHARDEV -> Node.MODE_DEVICE | Node.MODE_CHAR_DEVICE;
            case FIFO -> Node.MODE_NAMED_PIPE;
            case SOCKET -> Node.MODE_SOCKET;
        };
        return goFileMode(typeBits | node.mode());
    }

    /** Go's {@code FileMode(mode).String()} for a 32-bit mode. */
    public static String goFileMode(long mode) {
        StringBuilder sb = new StringBuilder(22);
        for (int i = 0; i < TYPE_LETTERS.length(); i++) {
            if ((mode & (1L << (31 - i))) != 0) {
                sb.append(TYPE_LETTERS.charAt(i));
            }
        }
        if (sb.isEmpty()) {
            sb.append('-');
        }
        for (int i = 0; i < RWX.length(); i++) {
            sb.append((mode & (1L << (8 - i))) != 0 ? RWX.charAt(i) : '-');
        }
        return sb.toString();
    }
}
