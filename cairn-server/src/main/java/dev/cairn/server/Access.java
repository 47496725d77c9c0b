package dev.cairn.server;

import dev.cairn.engine.catalog.ApiTokenStore;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Optional;

/**
 * Bearer-token authentication and scope checks. Every route but {@code GET /api/health} carries the scope it
 * needs as its Javalin role; a request without a valid token gets 401, one whose token's scope is too small gets
 * 403. Scopes are ordered (read &lt; backup &lt; restore &lt; admin): a token allows its scope and those below.
 */
final class Access {

    /** A route's needed scope. {@link #PUBLIC} routes need no token. */
    enum Role implements RouteRole {
        PUBLIC(null), READ(Scope.READ), BACKUP(Scope.BACKUP), RESTORE(Scope.RESTORE), ADMIN(Scope.ADMIN);

        final Scope scope;

        Role(Scope scope) {
            this.scope = scope;
        }
    }

    static final String TOKEN = "cairn.token";

    private final ApiTokenStore tokens;

    Access(ApiTokenStore tokens) {
        this.tokens = tokens;
    }

    /** Runs before every matched route. */
    void check(Context ctx) {
        Role needed = ctx.routeRoles().stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst()
                .orElse(Role.ADMIN); // a route someone forgot to mark is admin-only rather than open
        if (needed == Role.PUBLIC) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"cairn\"");
            throw new ApiError(401, "missing API token: send 'Authorization: Bearer TOKEN' (create one with "
                    + "'cairn token create --scope read|backup|restore|admin')");
        }
        Optional<ApiTokenStore.ApiToken> token = tokens.authenticate(header.substring(7).trim());
        if (token.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"cairn\", error=\"invalid_token\"");
            throw new ApiError(401, "invalid, revoked or expired API token");
        }
        ctx.attribute(TOKEN, token.get());
        if (!token.get().scope().allows(needed.scope)) {
            throw new ApiError(403, "this token has scope '" + token.get().scope().key() + "'; this call needs '"
                    + needed.scope.key() + "'");
        }
    }

    /** Who made the request, for the audit log: {@code token:NAME#ID}, or {@code anonymous}. */
    static String actor(Context ctx) {
        ApiTokenStore.ApiToken t = ctx.attribute(TOKEN);
        return t == null ? "anonymous" : "token:" + t.name() + "#" + t.id();
    }
}
