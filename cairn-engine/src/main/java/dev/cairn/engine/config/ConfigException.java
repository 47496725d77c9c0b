package dev.cairn.engine.config;

import java.util.List;

/** A configuration that cannot be used, with every problem found (not just the first). */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid configuration (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "; run 'cairn config check'):");
        problems.forEach(p -> sb.append(System.lineSeparator()).append("  ").append(p));
        return sb.toString();
    }
}
