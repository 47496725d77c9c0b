package dev.cairn.storage.ftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A netrc file ({@code machine HOST login USER password PASS}, and {@code default}), as ftp(1) and curl read it:
 * tokens separated by white space or newlines, {@code macdef} blocks skipped.
 */
final class Netrc {

    record Entry(String machine, String login, String password) {
        @Override
        public String toString() {
            return "Entry[machine=" + machine + ", login=" + login + "]";
        }
    }

    private final List<Entry> entries;

    private Netrc(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static Netrc read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Netrc parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        List<String> tokens = new ArrayList<>();
        boolean inMacro = false;
        for (String line : lines) {
            if (inMacro) {
                inMacro = !line.isBlank(); // a macro ends at an empty line
                continue;
            }
            String stripped = line.strip();
            if (stripped.startsWith("#")) {
                continue;
            }
            for (String token : stripped.split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (token.equals("macdef")) {
                    inMacro = true;
                    break;
                }
                tokens.add(token);
            }
        }
        String machine = null;
        String login = null;
        String password = null;
        boolean inEntry = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            switch (t) {
                case "machine", "default" -> {
                    if (inEntry) {
                        entries.add(new Entry(machine, login, password));
                    }
                    inEntry = true;
                    machine = t.equals("default") ? null : next;
                    login = null;
                    password = null;
                    if (t.equals("machine")) {
                        i++;
                    }
                }
                case "login" -> {
                    login = next;
                    i++;
                }
                case "password" -> {
                    password = next;
                    i++;
                }
                case "account", "port" -> i++;
                default -> {
                    // unknown tokens are ignored, as ftp(1) does
                }
            }
        }
        if (inEntry) {
            entries.add(new Entry(machine, login, password));
        }
        return new Netrc(entries);
    }

    /** The entry for {@code host} (and {@code login}, when given), else the {@code default} entry. */
    Optional<Entry> find(String host, String login) {
        for (Entry e : entries) {
            if (host.equalsIgnoreCase(e.machine()) && (login == null || e.login() == null || login.equals(e.login()))) {
                return Optional.of(e);
            }
        }
        return entries.stream().filter(e -> e.machine() == null).findFirst();
    }
}
