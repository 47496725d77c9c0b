package dev.cairn.sources.db.restore;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The names a restore gives the databases it creates next to the target {@code shop}: the new copy
 * {@code shop__cairn_new_<random>}, the kept previous state {@code shop__cairn_prev}, a sandbox
 * {@code cairn_sandbox_shop_<random>}. Long names are shortened to the engine's limit (PostgreSQL 63 bytes, MariaDB
 * 64 characters) with a hash of the full name, so they stay distinct.
 */
public final class RestoreNames {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RestoreNames() {
    }

    /** A fresh name for a new copy ({@code purpose} = {@code new}) or a sandbox ({@code sandbox}). */
    public static String scratch(String base, String purpose, int maxBytes) {
        byte[] r = new byte[3];
        RANDOM.nextBytes(r);
        String random = HexFormat.of().formatHex(r);
        return purpose.equals("sandbox") ? fit("cairn_sandbox_", base, "_" + random, maxBytes)
                : fit("", base, "__cairn_" + purpose + "_" + random, maxBytes);
    }

    /** Where the replaced live database is kept for rollback. */
    public static String previous(String base, int maxBytes) {
        return fit("", base, "__cairn_prev", maxBytes);
    }

    /** A temporary name used while swapping two databases. */
    public static String swap(String base, int maxBytes) {
        return fit("", base, "__cairn_swap", maxBytes);
    }

    private static String fit(String prefix, String base, String suffix, int maxBytes) {
        String full = prefix + base + suffix;
        if (full.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return full;
        }
        String hash = Integer.toHexString(base.hashCode() & 0xffffff);
        int room = maxBytes - prefix.length() - suffix.length() - hash.length() - 1;
        String cut = base;
        while (cut.getBytes(StandardCharsets.UTF_8).length > room) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return prefix + cut + "_" + hash + suffix;
    }
}
