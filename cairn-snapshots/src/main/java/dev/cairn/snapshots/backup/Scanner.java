package dev.cairn.snapshots.backup;

import dev.cairn.repository.NodeType;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.fs.ExcludeRules;
import dev.cairn.snapshots.fs.FileStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts files and bytes to back up, concurrently with the backup, so progress can show a total and an ETA
 * (restic's {@code archiver.Scanner}). Applies the same excludes; errors are ignored here, the backup reports
 * them. Runs on its own daemon thread and stops when interrupted.
 */
final class Scanner implements Runnable {

    private final List<java.nio.file.Path> targets;
    private final ExcludeRules rules;
    private final Progress progress;
    private long files;
    private long bytes;
    private long sinceReport;

    Scanner(List<Path> targets, ExcludeRules rules, Progress progress) {
        this.targets = targets;
        this.rules = rules;
        this.progress = progress;
    }

    /** Starts scanning on a daemon thread; interrupt it to stop. */
    static Thread start(List<Path> targets, ExcludeRules rules, Progress progress) {
        Thread t = new Thread(new Scanner(targets, rules, progress), "cairn-backup-scan");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        for (Path target : targets) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            scan(target);
        }
        progress.totals(files, bytes);
    }

    private void scan(Path path) {
        if (Thread.currentThread().isInterrupted() || (rules != null && rules.excludedByName(path))) {
            return;
        }
        FileStat stat;
        try {
            stat = FileStat.lstat(path);
        } catch (IOException e) {
            return;
        }
        if (rules != null && rules.excludedByStat(path, stat)) {
            return;
        }
        if (stat.nodeType() == NodeType.FILE) {
            files++;
            bytes += stat.size();
            if (++sinceReport >= 1000) {
                sinceReport = 0;
                progress.totals(files, bytes); // a growing estimate beats none on a big tree
            }
        } else if (stat.isDir()) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                for (Path child : ds) {
                    scan(child);
                }
            } catch (IOException | RuntimeException e) {
                // the backup itself reports unreadable directories
            }
        }
    }
}
