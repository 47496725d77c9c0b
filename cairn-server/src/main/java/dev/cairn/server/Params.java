package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.SiteConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** Validation at the edge: every parameter is checked here, and a bad one is a 400 naming it. */
final class Params {

    private Params() {
    }

    /** The {@code {site}} of the path; 404 when cairn.yaml has no such site. */
    static SiteConfig site(Context ctx, CairnConfig config) {
        String name = ctx.pathParam("site");
        return config.site(name).orElseThrow(() -> ApiError.notFound("unknown site '" + name + "' (configured: "
                + (config.sites().isEmpty() ? "none" : String.join(", ", config.sites().keySet())) + ")"));
    }

    static long id(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long v = Long.parseLong(raw);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a positive whole number, got '" + raw + "'");
        }
    }

    static int queryInt(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("query parameter " + name + " must be between " + min + " and " + max
                    + ", got '" + raw + "'");
        }
    }

    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiError.badRequest("field '" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    static boolean bool(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("field '" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    static Integer integer(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw ApiError.badRequest("field '" + field + "' must be a whole number");
        }
        return n.asInt();
    }

    static List<String> strings(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw ApiError.badRequest("field '" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual() || e.asText().isBlank()) {
                throw ApiError.badRequest("field '" + field + "' must be an array of non-empty strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** Refuses fields the endpoint does not know, so a typo is not silently ignored. */
    static void only(JsonNode body, String... known) {
        List<String> allowed = List.of(known);
        body.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw ApiError.badRequest("unknown field '" + f + "' (allowed: " + String.join(", ", allowed) + ")");
            }
        });
    }
}
