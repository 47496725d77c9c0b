package dev.cairn.snapshots.check;

import java.util.Locale;
import java.util.regex.Pattern;

/** The number syntax of {@code --read-data-subset}, kept to what restic's Go parsers accept. */
final class SubsetParsing {

    static final Pattern DIGITS = Pattern.compile("[0-9]+");
    static final Pattern GROUP = Pattern.compile("([0-9]+)/([0-9]+)");
    // Go's strconv.ParseFloat on plain decimals; Java's parseDouble alone would also take "1d", "NaN", "Infinity".
    static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern SIZE = Pattern.compile("([+-]?[0-9]+)([bBkKmMgGtT]?)");

    private SubsetParsing() {
    }

    static IllegalArgumentException invalid(String spec) {
        return new IllegalArgumentException("--read-data-subset has an invalid value '" + spec
                + "': use n/t (e.g. 1/5), a percentage (e.g. 2.5%) or a size with a unit (e.g. 500M)");
    }

    /** A group number; values beyond int range are clamped so the range check reports them. */
    static int boundedInt(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    static long size(String s, String spec) {
        var m = SIZE.matcher(s);
        if (!m.matches()) {
            throw invalid(spec);
        }
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> 1;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(spec);
        }
    }
}
