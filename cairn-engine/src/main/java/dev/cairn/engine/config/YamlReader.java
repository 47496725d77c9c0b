package dev.cairn.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads YAML token by token with Jackson's YAML parser into a {@link YamlNode} tree with line numbers. Duplicate
 * keys are reported (YAML forbids them; silently keeping the last one hides mistakes).
 */
final class YamlReader {

    private final JsonParser parser;
    private final Problems problems;

    private YamlReader(JsonParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /** The document's root, or a {@link YamlNode.Null} for an empty file; syntax errors propagate. */
    static YamlNode read(Reader text, Problems problems) throws IOException {
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            YamlReader reader = new YamlReader(parser, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Null(new YamlNode.Where(1, 1));
            }
            return reader.value(first, "");
        }
    }

    private YamlNode value(JsonToken token, String path) throws IOException {
        YamlNode.Where where = where(parser.currentTokenLocation());
        return switch (token) {
            case START_OBJECT -> map(where, path);
            case START_ARRAY -> seq(where, path);
            case VALUE_NULL -> new YamlNode.Null(where);
            case VALUE_STRING -> new YamlNode.Scalar(parser.getText(), true, where);
            default -> new YamlNode.Scalar(parser.getText(), false, where);
        };
    }

    private YamlNode map(YamlNode.Where where, String path) throws IOException {
        LinkedHashMap<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            YamlNode.Where keyWhere = where(parser.currentTokenLocation());
            String child = path.isEmpty() ? key : path + "." + key;
            YamlNode value = value(parser.nextToken(), child);
            if (entries.containsKey(key)) {
                problems.add(keyWhere, child, "duplicate key (first written on line "
                        + entries.get(key).keyWhere().line() + "); remove one of them");
            } else {
                entries.put(key, new YamlNode.Entry(key, keyWhere, value));
            }
        }
        return new YamlNode.Map(entries, where);
    }

    private YamlNode seq(YamlNode.Where where, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            items.add(value(t, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Seq(items, where);
    }

    static YamlNode.Where where(JsonLocation location) {
        return new YamlNode.Where(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
