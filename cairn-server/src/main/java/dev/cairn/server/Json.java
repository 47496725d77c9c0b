package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;

/**
 * The API's JSON: snake_case names, instants as ISO-8601 strings, durations as ISO-8601 ({@code PT1.5S}). Records
 * serialize by their components, so the API shows the catalog's and the registry's values as they are.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule().addSerializer(Enum.class,
                    new LowerCaseEnums()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** Enums as the lower-case keys the CLI, cairn.yaml and the catalog use ({@code running}, {@code backup}). */
    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnums extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Enum> {
        private static final long serialVersionUID = 1L;

        LowerCaseEnums() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, com.fasterxml.jackson.core.JsonGenerator gen,
                com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
            gen.writeString(value.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    static JsonNode body(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (!node.isObject()) {
                throw ApiError.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Parses stored JSON (a manifest, metadata) so it is embedded as JSON rather than as a string. */
    static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }
}
