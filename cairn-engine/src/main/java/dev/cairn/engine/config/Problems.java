package dev.cairn.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems while a file is read, so one run reports all of them. */
final class Problems {

    private final Path file;
    private final List<ConfigProblem> list = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(YamlNode.Where where, String field, String message) {
        list.add(new ConfigProblem(file, where.line(), where.column(), field, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** In file order, so the report reads top to bottom. */
    List<ConfigProblem> sorted() {
        return list.stream().sorted(Comparator.comparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column)).toList();
    }
}
