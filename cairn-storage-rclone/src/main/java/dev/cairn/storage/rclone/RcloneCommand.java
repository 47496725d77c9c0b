package dev.cairn.storage.rclone;

import dev.cairn.storage.StorageSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The rclone command line, built as restic builds it: {@code rclone.program} (default {@code rclone}) and
 * {@code rclone.args} (default {@code serve restic --stdio --b2-hard-delete}) followed by the remote. Cairn speaks
 * HTTP/1.1 to rclone over loopback rather than HTTP/2 over a pipe, so {@code --stdio} in the arguments (restic
 * users' scripts carry it) is replaced by {@code --addr 127.0.0.1:0}: rclone picks a free port and prints it.
 */
record RcloneCommand(List<String> command) {

    static final String DEFAULT_ARGS = "serve restic --stdio --b2-hard-delete";

    RcloneCommand {
        command = List.copyOf(command);
    }

    static RcloneCommand of(String remote, StorageSettings settings) {
        String program = settings.option("rclone.program").filter(p -> !p.isBlank()).orElse("rclone");
        List<String> args = split(settings.option("rclone.args").orElse(DEFAULT_ARGS));
        if (args.size() < 2 || !args.get(0).equals("serve") || !args.get(1).equals("restic")) {
            throw new IllegalArgumentException("option rclone.args must start with 'serve restic' (Cairn talks to "
                    + "rclone's restic server), got '" + String.join(" ", args) + "'");
        }
        List<String> command = new ArrayList<>();
        command.add(program);
        for (String arg : args) {
            if (!arg.equals("--stdio")) {
                command.add(arg);
            }
        }
        if (args.stream().noneMatch(a -> a.equals("--addr") || a.startsWith("--addr="))) {
            command.add("--addr");
            command.add("127.0.0.1:0");
        }
        command.add(remote);
        return new RcloneCommand(command);
    }

    /** Splits on white space; single or double quotes keep spaces inside an argument. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("option rclone.args has an unclosed quote: " + line);
        }
        if (inArg) {
            out.add(current.toString());
        }
        return out;
    }
}
