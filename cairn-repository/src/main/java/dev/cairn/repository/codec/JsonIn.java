package dev.cairn.repository.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.repository.Id;
import dev.cairn.repository.RepositoryException;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A thin reader over Jackson's streaming parser with Go {@code encoding/json} decoding rules: member names match
 * case-insensitively, {@code null} leaves a field at its zero value, unknown members are skipped, unsigned numbers
 * reject signs and fractions, invalid UTF-8 inside strings becomes U+FFFD. Errors are
 * {@link RepositoryException.Corrupt} naming the document kind.
 */
final class JsonIn implements AutoCloseable {

    // Jackson factories are thread-safe and immutable once built.
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonParser p;
    private final String what;

    private JsonIn(JsonParser p, String what) {
        this.p = p;
        this.what = what;
    }

    /** A reader positioned on the first token of {@code json}; {@code what} names the document in errors. */
    static JsonIn open(byte[] json, String what) throws IOException {
        JsonIn in = new JsonIn(FACTORY.createParser(GoUtf8.sanitize(json)), what);
        if (in.next() == null) {
            throw in.error("empty document");
        }
        return in;
    }

    JsonToken next() throws IOException {
        try {
            return p.nextToken();
        } catch (JsonProcessingException e) {
            throw new RepositoryException.Corrupt(what + ": invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    JsonToken token() {
        return p.currentToken();
    }

    /** Requires the current token to open an object. */
    void startObject() throws IOException {
        if (token() != JsonToken.START_OBJECT) {
            throw error("expected a JSON object, got " + token());
        }
    }

    /**
     * Moves to the next member of the current object and onto its value; returns its lower-cased name, or null
     * at the end of the object.
     */
    String nextField() throws IOException {
        JsonToken t = next();
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        String name = p.currentName();
        next();
        return name.toLowerCase(Locale.ROOT);
    }

    /** Requires that nothing but whitespace follows the root value. */
    void end() throws IOException {
        if (next() != null) {
            throw error("trailing data after the JSON document");
        }
    }

    boolean isNull() {
        return token() == JsonToken.VALUE_NULL;
    }

    void skip() throws IOException {
        p.skipChildren();
    }

    String string() throws IOException {
        if (isNull()) {
            return null;
        }
        if (token() != JsonToken.VALUE_STRING) {
            throw error("expected a string for '" + field() + "', got " + token());
        }
        return p.getText();
    }

    long unsigned(int bits) throws IOException {
        if (isNull()) {
            return 0;
        }
        if (token() != JsonToken.VALUE_NUMBER_INT || p.getText().startsWith("-")) {
            throw error("expected an unsigned integer for '" + field() + "', got " + p.getText());
        }
        try {
            long v = Long.parseUnsignedLong(p.getText());
            if (bits < 64 && Long.compareUnsigned(v, (1L << bits) - 1) > 0) {
                throw error("'" + field() + "' " + p.getText() + " overflows uint" + bits);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + field() + "' " + p.getText() + " overflows uint64");
        }
    }

    long signed() throws IOException {
        if (isNull()) {
            return 0;
        }
        if (token() != JsonToken.VALUE_NUMBER_INT) {
            throw error("expected an integer for '" + field() + "', got " + p.getText());
        }
        try {
            return Long.parseLong(p.getText());
        } catch (NumberFormatException e) {
            throw error("'" + field() + "' " + p.getText() + " overflows int64");
        }
    }

    int int32() throws IOException {
        long v = signed();
        if (v != (int) v) {
            throw error("'" + field() + "' " + v + " does not fit in an int");
        }
        return (int) v;
    }

    boolean bool() throws IOException {
        return switch (token()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw error("expected a boolean for '" + field() + "', got " + token());
        };
    }

    /** A Go {@code time.Time}: RFC 3339 with any offset and up to nanosecond precision. */
    Instant time() throws IOException {
        String s = string();
        if (s == null) {
            return null;
        }
        Instant fast = Rfc3339.parseCommon(s);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw error("'" + field() + "' is not an RFC 3339 time: " + s);
        }
    }

    Id id() throws IOException {
        String s = string();
        if (s == null) {
            return null;
        }
        if (!Id.isId(s)) {
            throw error("'" + field() + "' is not a 64-hex-digit ID: " + s);
        }
        return Id.parse(s);
    }

    /** A Go {@code []byte}: standard base64; null for JSON null. */
    byte[] base64() throws IOException {
        String s = string();
        if (s == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw error("'" + field() + "' is not base64: " + e.getMessage());
        }
    }

    /** A JSON array of strings; null for JSON null. */
    List<String> stringList() throws IOException {
        if (isNull()) {
            return null;
        }
        startArray();
        List<String> list = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            String s = string();
            list.add(s == null ? "" : s);
        }
        return list;
    }

    /** A JSON array of IDs; null for JSON null. */
    List<Id> idList() throws IOException {
        if (isNull()) {
            return null;
        }
        startArray();
        List<Id> list = new ArrayList<>();
        while (next() != JsonToken.END_ARRAY) {
            Id id = id();
            if (id == null) {
                throw error("null ID in '" + field() + "'");
            }
            list.add(id);
        }
        return list;
    }

    void startArray() throws IOException {
        if (token() != JsonToken.START_ARRAY) {
            throw error("expected an array for '" + field() + "', got " + token());
        }
    }

    RepositoryException.Corrupt error(String message) {
        return new RepositoryException.Corrupt(what + ": " + message + " (at " + p.currentLocation().offsetDescription()
                + "); the file is damaged or not a restic document");
    }

    private String field() throws IOException {
        String n = p.currentName();
        return n == null ? "?" : n;
    }

    @Override
    public void close() throws IOException {
        p.close();
    }
}
