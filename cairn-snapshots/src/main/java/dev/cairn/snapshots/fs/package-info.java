/**
 * The platform layer the archiver and the restorer use to read and write file systems exactly as restic 0.14
 * records them: raw byte names ({@link dev.cairn.snapshots.fs.RawPaths}), lstat to node
 * ({@link dev.cairn.snapshots.fs.FileStat}, {@link dev.cairn.snapshots.fs.FileMetadata}), metadata restore
 * ({@link dev.cairn.snapshots.fs.MetadataWriter}, {@link dev.cairn.snapshots.fs.SpecialFiles}) and backup excludes
 * ({@link dev.cairn.snapshots.fs.ExcludeRules}, {@link dev.cairn.snapshots.fs.PathPatterns}).
 *
 * <p><b>Linux only.</b> It relies on the JDK's {@code unix:*} attribute view, {@code /proc/self/status},
 * {@code /etc/passwd}/{@code /etc/group}, GNU coreutils ({@code mkfifo}, {@code mknod}, {@code touch}) and the
 * Linux {@code dev_t} encoding. Exact byte names need {@code --add-opens=java.base/sun.nio.fs=ALL-UNNAMED}.
 */
package dev.cairn.snapshots.fs;
