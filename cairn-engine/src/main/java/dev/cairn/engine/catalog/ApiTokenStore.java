package dev.cairn.engine.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * API tokens for the REST API. Only a SHA-256 hash of each token is stored: a token is 256 random bits, so a fast
 * hash is enough (no password-style stretching needed) and a leaked catalog reveals no usable token.
 */
public final class ApiTokenStore {

    /** What a token may do; each scope includes the ones before it. */
    public enum Scope {
        READ, BACKUP, RESTORE, ADMIN;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }

        public boolean allows(Scope needed) {
            return compareTo(needed) >= 0;
        }
    }

    /** A token's record (never the token itself). {@code prefix} identifies it in listings. */
    public record ApiToken(long id, String name, String prefix, Scope scope, String createdBy, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** A newly created token: the secret is shown once and never stored. */
    public record Issued(ApiToken token, String secret) {
    }

    private static final String PREFIX = "cairn_";

    private final Db db;
    private final Supplier<Instant> now;
    private final SecureRandom random = new SecureRandom();

    ApiTokenStore(Db db, Supplier<Instant> now) {
        this.db = db;
        this.now = now;
    }

    public Issued create(String name, Scope scope, String createdBy, Instant expiresAt) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = db.insert("INSERT INTO api_tokens (name, token_hash, token_prefix, scope, created_by, created_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", p -> p.str(name).str(hash(secret))
                        .str(secret.substring(0, PREFIX.length() + 6)).str(scope.key()).str(createdBy)
                        .time(now.get()).time(expiresAt));
        return new Issued(get(id), secret);
    }

    /** The token's record when {@code secret} is a valid, unrevoked, unexpired token; notes its use. */
    public Optional<ApiToken> authenticate(String secret) {
        Instant t = now.get();
        Optional<ApiToken> token = db.one("SELECT * FROM api_tokens WHERE token_hash = ?", p -> p.str(hash(secret)),
                ApiTokenStore::map).filter(k -> k.revokedAt() == null)
                .filter(k -> k.expiresAt() == null || k.expiresAt().isAfter(t));
        token.ifPresent(k -> db.update("UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
                p -> p.time(t).lng(k.id())));
        return token;
    }

    /** Revokes a token; true if it was active. */
    public boolean revoke(long id) {
        return db.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                p -> p.time(now.get()).lng(id)) == 1;
    }

    public List<ApiToken> list() {
        return db.query("SELECT * FROM api_tokens ORDER BY id", p -> { }, ApiTokenStore::map);
    }

    private ApiToken get(long id) {
        return db.one("SELECT * FROM api_tokens WHERE id = ?", p -> p.lng(id), ApiTokenStore::map).orElseThrow();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiToken map(Db.Row r) throws SQLException {
        return new ApiToken(r.num("id"), r.str("name"), r.str("token_prefix"), Scope.parse(r.str("scope")),
                r.str("created_by"), r.time("created_at"), r.time("expires_at"), r.time("last_used_at"),
                r.time("revoked_at"));
    }
}
