package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.DatabaseUrl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code \restrict} key for plain dumps: fixed per server and database, so two dumps of an unchanged database
 * are byte-identical and deduplicate. The key only guards psql against meta-commands smuggled in by a malicious
 * source server; people who need that guard against their own servers use the custom format, where pg_restore
 * picks a fresh random key at restore time.
 */
final class RestrictKey {

    private RestrictKey() {
    }

    static String of(DatabaseUrl url) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("cairn restrict key\0" + url.host() + "\0"
                    + url.port() + "\0" + url.database()).getBytes(StandardCharsets.UTF_8));
            return "cairn" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
