package dev.cairn.engine.config;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A YAML document as a tree that remembers where each value was written, so every configuration problem can name
 * its line. (Jackson's own tree model drops locations.)
 */
sealed interface YamlNode {

    /** 1-based line and column of the value in the file. */
    record Where(int line, int column) {
    }

    Where where();

    /** What the node is, for messages like "expected a list, found a map". */
    String kind();

    record Scalar(String text, boolean quoted, Where where) implements YamlNode {
        @Override
        public String kind() {
            return "a value";
        }
    }

    /** An explicit null or an empty value ({@code key:} with nothing after it). */
    record Null(Where where) implements YamlNode {
        @Override
        public String kind() {
            return "nothing";
        }
    }

    record Seq(List<YamlNode> items, Where where) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** Keys in file order; each entry keeps where its key was written (errors about a key point there). */
    record Map(LinkedHashMap<String, Entry> entries, Where where) implements YamlNode {
        @Override
        public String kind() {
            return "a map";
        }
    }

    record Entry(String key, Where keyWhere, YamlNode value) {
    }
}
