package dev.cairn.cli;

import java.util.List;

/** A plain text table as restic prints them: padded columns, a rule under the header and at the end. */
final class Table {

    private Table() {
    }

    /** Prints {@code rows} (the first is the header) as result lines. */
    static void print(Output out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        String rule = "-".repeat(Math.max(0, total - 2));
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            out.result(line.toString().stripTrailing());
            if (r == 0) {
                out.result(rule);
            }
        }
        out.result(rule);
    }
}
