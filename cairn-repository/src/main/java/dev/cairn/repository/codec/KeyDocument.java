package dev.cairn.repository.codec;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key file ({@code keys/<id>}, plain JSON): scrypt parameters, salt, and {@code data}, the master key document
 * sealed with the key derived from the password ({@code IV ‖ CT ‖ MAC}).
 */
public record KeyDocument(Instant created, String username, String hostname, String kdf, int n, int r, int p,
        byte[] salt, byte[] data) {

    public KeyDocument {
        Objects.requireNonNull(created, "created");
        username = username == null ? "" : username;
        hostname = hostname == null ? "" : hostname;
        kdf = kdf == null ? "" : kdf;
        salt = salt == null ? null : salt.clone();
        data = data == null ? null : data.clone();
    }

    @Override
    public byte[] salt() {
        return salt == null ? null : salt.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyDocument k && created.equals(k.created) && username.equals(k.username)
                && hostname.equals(k.hostname) && kdf.equals(k.kdf) && n == k.n && r == k.r && p == k.p
                && Arrays.equals(salt, k.salt) && Arrays.equals(data, k.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(created, username, hostname, kdf, n, r, p, Arrays.hashCode(salt), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "KeyDocument[created=" + created + ", username=" + username + ", hostname=" + hostname + ", kdf=" + kdf
                + ", N=" + n + ", r=" + r + ", p=" + p + "]";
    }
}
