package dev.cairn.snapshots.diff;

/**
 * One line of a diff, as restic 0.14 prints it ({@code %-5s%v}).
 *
 * @param modifier {@code +} added, {@code -} removed, {@code M} content modified, {@code U} metadata only (with
 *     {@code --metadata}), {@code T} type changed, possibly combined ({@code TM} cannot occur, {@code TU} can)
 * @param path the slash-separated path in the snapshot; directories end in {@code /}
 */
public record DiffChange(String modifier, String path) {

    @Override
    public String toString() {
        return String.format("%-5s%s", modifier, path);
    }
}
