package dev.cairn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.catalog.AuditLog;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every mutating call (POST, PUT, PATCH, DELETE) to the audit log once it was answered: who (the token),
 * what (method and route, the response status), when, and from where (the client address). Refused calls are
 * written too: a burst of 401s is exactly what an audit should show.
 */
final class Audit {

    private static final Set<HandlerType> MUTATING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);
    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);
    static final String TARGET = "cairn.audit.target";
    static final String DETAIL = "cairn.audit.detail";

    private final AuditLog log;

    Audit(AuditLog log) {
        this.log = log;
    }

    void record(Context ctx) {
        if (!MUTATING.contains(ctx.method())) {
            return;
        }
        ObjectNode details = Json.MAPPER.createObjectNode().put("status", ctx.statusCode());
        String extra = ctx.attribute(DETAIL);
        if (extra != null) {
            details.put("result", extra);
        }
        String target = ctx.attribute(TARGET);
        try {
            log.append(Access.actor(ctx), ctx.method().name() + " " + route(ctx), target != null ? target
                    : ctx.path(), Json.write(details), ctx.ip());
        } catch (RuntimeException e) {
            // The response is already decided; losing an audit row must at least be loud.
            LOG.error("cannot write the audit log entry for {} {}: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    /** The route's template ({@code /api/sites/{site}/backups}), or the raw path when no route matched. */
    private static String route(Context ctx) {
        try {
            var matched = ctx.endpoints().matchedHttpEndpoint();
            return matched != null ? matched.path : ctx.path();
        } catch (RuntimeException noEndpoint) {
            return ctx.path();
        }
    }
}
