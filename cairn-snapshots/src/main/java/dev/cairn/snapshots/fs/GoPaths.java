package dev.cairn.snapshots.fs;

import java.util.Arrays;

/** Go's {@code path/filepath.Clean} on Unix, over raw bytes. */
final class GoPaths {

    private GoPaths() {
    }

    static byte[] clean(byte[] path) {
        int n = path.length;
        if (n == 0) {
            return new byte[] {'.'};
        }
        boolean rooted = path[0] == '/';
        byte[] out = new byte[n + 2];
        int w = 0;
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out[w++] = '/';
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            if (path[r] == '/') {
                r++;
            } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
                r++;
            } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
                r += 2;
                if (w > dotdot) {
                    w--;
                    while (w > dotdot && out[w] != '/') {
                        w--;
                    }
                } else if (!rooted) {
                    if (w > 0) {
                        out[w++] = '/';
                    }
                    out[w++] = '.';
                    out[w++] = '.';
                    dotdot = w;
                }
            } else {
                if ((rooted && w != 1) || (!rooted && w != 0)) {
                    out[w++] = '/';
                }
                for (; r < n && path[r] != '/'; r++) {
                    out[w++] = path[r];
                }
            }
        }
        return w == 0 ? new byte[] {'.'} : Arrays.copyOf(out, w);
    }
}
