package dev.cairn.sources.db.mysql;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts, as the dump streams past, the tables it creates and the rows it inserts into each: the manifest's row
 * counts are then exactly what the dump holds, whatever happened on the server meanwhile. It understands what
 * mariadb-dump/mysqldump write: {@code CREATE TABLE `t`} and {@code INSERT INTO `t` VALUES (…),(…);} statements
 * at the start of a line, with strings in quotes and backslash escapes. Lines inside {@code DELIMITER ;;} blocks
 * (routine, trigger and event bodies, which may contain INSERTs of their own) are ignored.
 */
final class DumpRowCounter extends FilterInputStream {

    private static final byte[] INSERT = "INSERT INTO `".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREATE = "CREATE TABLE `".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELIMITER = "DELIMITER ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_PREFIX = 1024;

    private enum Mode { LINE, SKIP_LINE, VALUES }

    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Mode mode = Mode.LINE;
    private String delimiter = ";";
    private String table;
    private int depth;
    private int quote;
    private boolean escape;

    DumpRowCounter(InputStream in) {
        super(in);
    }

    /** Tables in the order the dump creates them, with the rows inserted into each. */
    Map<String, Long> rows() {
        return rows;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            scan((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = 0; i < n; i++) {
            scan(buf[off + i]);
        }
        return n;
    }

    private void scan(byte b) {
        switch (mode) {
            case VALUES -> values(b);
            case SKIP_LINE -> {
                if (b == '\n') {
                    mode = Mode.LINE;
                }
            }
            case LINE -> lineByte(b);
        }
    }

    private void lineByte(byte b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            if (text.startsWith("DELIMITER ")) {
                delimiter = text.substring(DELIMITER.length).strip();
            }
            line.reset();
            return;
        }
        line.write(b);
        byte[] prefix = line.toByteArray();
        if (!plausible(prefix)) {
            line.reset();
            mode = Mode.SKIP_LINE;
            return;
        }
        if (!delimiter.equals(";")) {
            return;
        }
        if (prefix.length > CREATE.length && startsWith(prefix, CREATE)) {
            String name = name(prefix, CREATE.length);
            if (name != null) {
                rows.putIfAbsent(name, 0L);
                line.reset();
                mode = Mode.SKIP_LINE;
            }
        } else if (b == 'S' && startsWith(prefix, INSERT)) {
            String text = new String(prefix, StandardCharsets.UTF_8);
            String name = name(prefix, INSERT.length);
            if (name != null && text.endsWith(" VALUES")) {
                table = name;
                rows.putIfAbsent(table, 0L);
                depth = 0;
                quote = 0;
                escape = false;
                line.reset();
                mode = Mode.VALUES;
            }
        }
    }

    /** Whether the line so far may still become a statement this counter cares about. */
    private static boolean plausible(byte[] prefix) {
        if (prefix.length > MAX_PREFIX) {
            return false;
        }
        return couldStart(prefix, INSERT) || couldStart(prefix, CREATE) || couldStart(prefix, DELIMITER);
    }

    private static boolean couldStart(byte[] prefix, byte[] keyword) {
        int n = Math.min(prefix.length, keyword.length);
        for (int i = 0; i < n; i++) {
            if (prefix[i] != keyword[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] prefix, byte[] keyword) {
        return prefix.length >= keyword.length && couldStart(prefix, keyword);
    }

    /** The backquoted name starting at {@code from} ({@code ``} escapes a backquote), or null if not complete. */
    private static String name(byte[] prefix, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < prefix.length; i++) {
            if (prefix[i] == '`') {
                if (i + 1 < prefix.length && prefix[i + 1] == '`') {
                    out.write('`');
                    i++;
                    continue;
                }
                if (i + 1 == prefix.length) {
                    return null; // could still be the first half of ``
                }
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(prefix[i]);
        }
        return null;
    }

    private void values(byte b) {
        if (quote != 0) {
            if (escape) {
                escape = false;
            } else if (b == '\\') {
                escape = true;
            } else if (b == quote) {
                quote = 0;
            }
            return;
        }
        switch (b) {
            case '\'', '"' -> quote = b;
            case '(' -> {
                if (depth++ == 0) {
                    rows.merge(table, 1L, Long::sum);
                }
            }
            case ')' -> depth--;
            case ';' -> {
                if (depth == 0) {
                    mode = Mode.SKIP_LINE;
                }
            }
            default -> { }
        }
    }
}
