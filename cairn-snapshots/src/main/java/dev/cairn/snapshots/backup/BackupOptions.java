package dev.cairn.snapshots.backup;

import dev.cairn.repository.Id;
import dev.cairn.snapshots.fs.ExcludeRules;
import java.time.Instant;
import java.util.List;

/**
 * How to run one backup, with restic 0.14's {@code backup} flags as the model.
 *
 * @param tags           snapshot tags (restic's {@code --tag})
 * @param hostname       the host recorded in the snapshot and used to find the parent; {@code null} = this host
 * @param time           the snapshot time; {@code null} = now
 * @param parent         an explicit parent snapshot ({@code --parent}), or {@code null} to pick the latest one with
 *                       the same host name and paths
 * @param force          read every file again and use no parent ({@code --force})
 * @param dryRun         read and chunk everything, count what would be added, save nothing ({@code --dry-run})
 * @param excludes       exclude rules, or {@code null} for none
 * @param oneFileSystem  do not cross mount points ({@code --one-file-system}); mount point dirs are kept, empty
 * @param withAtime      keep real access times instead of atime = mtime ({@code --with-atime})
 * @param cpuThreads     threads for hashing, compressing and encrypting; 0 = the number of processors
 * @param programVersion recorded as {@code program_version} in the snapshot, e.g. {@code "cairn 0.1.0"}
 * @param excludePatterns the {@code --exclude} patterns, recorded as the snapshot's {@code excludes} (as restic
 *                       does); the rules that apply them are {@code excludes}
 * @param scan           count the files and bytes to back up on another thread while the backup runs, for a
 *                       progress total and ETA; off when nothing shows progress (it is a second pass over the tree:
 *                       an lstat per file, ~5 % of the CPU time of an unchanged re-backup)
 */
public record BackupOptions(List<String> tags, String hostname, Instant time, Id parent, boolean force,
        boolean dryRun, ExcludeRules excludes, boolean oneFileSystem, boolean withAtime, int cpuThreads,
        String programVersion, List<String> excludePatterns, boolean scan) {

    public BackupOptions {
        tags = tags == null ? List.of() : List.copyOf(tags);
        excludePatterns = excludePatterns == null ? List.of() : List.copyOf(excludePatterns);
        if (cpuThreads < 0) {
            throw new IllegalArgumentException("cpuThreads must be >= 0 (0 = all processors), got " + cpuThreads);
        }
    }

    /** No tags, this host, now, automatic parent, all processors. */
    public static BackupOptions defaults() {
        return new BackupOptions(List.of(), null, null, null, false, false, null, false, false, 0, "cairn", List.of(),
                true);
    }

    public BackupOptions withTags(List<String> v) {
        return new BackupOptions(v, hostname, time, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withHostname(String v) {
        return new BackupOptions(tags, v, time, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withTime(Instant v) {
        return new BackupOptions(tags, hostname, v, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withParent(Id v) {
        return new BackupOptions(tags, hostname, time, v, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withForce(boolean v) {
        return new BackupOptions(tags, hostname, time, parent, v, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withDryRun(boolean v) {
        return new BackupOptions(tags, hostname, time, parent, force, v, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withExcludes(ExcludeRules v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, v, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withOneFileSystem(boolean v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, excludes, v, withAtime,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withAtime(boolean v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, excludes, oneFileSystem, v,
                cpuThreads, programVersion, excludePatterns, scan);
    }

    public BackupOptions withCpuThreads(int v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                v, programVersion, excludePatterns, scan);
    }

    public BackupOptions withProgramVersion(String v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, v, excludePatterns, scan);
    }

    public BackupOptions withExcludePatterns(List<String> v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, v, scan);
    }

    /** The effective number of CPU worker threads. */
    int threads() {
        return cpuThreads > 0 ? cpuThreads : Runtime.getRuntime().availableProcessors();
    }

    public BackupOptions withScan(boolean v) {
        return new BackupOptions(tags, hostname, time, parent, force, dryRun, excludes, oneFileSystem, withAtime,
                cpuThreads, programVersion, excludePatterns, v);
    }
}
