package dev.cairn.snapshots.restore;

import dev.cairn.repository.Name;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Paths inside the restored tree as raw bytes ({@code /a/b}), which the filters match against. */
final class Locations {

    static final byte[] ROOT = {'/'};

    private Locations() {
    }

    static byte[] child(byte[] parent, Name name) {
        byte[] n = name.bytes();
        boolean root = parent.length == 1 && parent[0] == '/';
        int base = root ? 1 : parent.length + 1;
        byte[] out = Arrays.copyOf(parent, base + n.length);
        out[base - 1] = '/';
        System.arraycopy(n, 0, out, base, n.length);
        return out;
    }

    static String display(byte[] location) {
        return new String(location, StandardCharsets.UTF_8);
    }
}
