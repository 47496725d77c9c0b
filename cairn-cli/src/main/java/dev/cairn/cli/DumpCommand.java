package dev.cairn.cli;

import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.browse.TreeWalker;
import dev.cairn.snapshots.dump.Dumper;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn dump SNAPSHOT PATH}: a file's content, or a folder as a tar/zip archive, to standard output. */
@Command(name = "dump", description = {"Write a file from a snapshot to standard output, or a folder as an archive.",
        "Example: cairn dump latest /srv/site --archive tar --compress gzip > site.tar.gz"})
final class DumpCommand extends CommandBase {

    @Mixin
    SnapshotArgs filter;

    @Parameters(index = "0", paramLabel = "SNAPSHOT")
    String snapshot;

    @Parameters(index = "1", paramLabel = "PATH", description = "Path inside the snapshot (/ for everything).")
    String path;

    @Option(names = {"-a", "--archive"}, paramLabel = "FORMAT", description = "tar (default for folders) or zip.")
    String archive;

    @Option(names = "--compress", paramLabel = "ALGORITHM", description = "Compress the archive: gzip or bzip2.")
    String compress;

    @Override
    public Integer call() throws Exception {
        Dumper.ArchiveFormat format = archive == null ? null : parse(Dumper.ArchiveFormat.class, archive, "--archive");
        Dumper.Compression compression = compress == null ? Dumper.Compression.NONE
                : parse(Dumper.Compression.class, compress, "--compress");
        try (Repository repo = access().open();
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            SnapshotRef ref = filter.resolve(new SnapshotSelector(repo.listSnapshots()), snapshot);
            Node node = "/".equals(path) || path.isEmpty() ? null
                    : new TreeWalker(repo).find(ref.snapshot().tree(), path);
            if (node == null && !"/".equals(path) && !path.isEmpty()) {
                throw new UserError("path " + path + " is not in snapshot " + ref.id().shortHex());
            }
            Dumper dumper = new Dumper(repo, (p, msg) -> env().stderr().println("error: " + p + ": " + msg));
            OutputStream out = new BufferedOutputStream(env().stdout(), 1 << 20);
            if (node != null && node.isFile() && format == null) {
                if (compression != Dumper.Compression.NONE) {
                    throw new UserError("--compress applies to archives: add --archive tar or --archive zip");
                }
                dumper.dumpFile(ref.snapshot(), path, out);
            } else {
                dumper.dumpArchive(ref.snapshot(), path, format == null ? Dumper.ArchiveFormat.TAR : format,
                        compression, out);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String flag) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError(flag + " does not accept '" + value + "'");
        }
    }
}
