package dev.cairn.snapshots.restore;

import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.snapshots.fs.RawPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * restic 0.17's {@code --delete}: in every directory the restore reuses, removes the entries the snapshot does
 * not have. Entries the filters leave out are kept, so a partial restore does not wipe the rest.
 */
final class Deleter {

    private final Selection selection;

    Deleter(Selection selection) {
        this.selection = selection;
    }

    /** The entries to remove, top-most only (a directory stands for its contents). */
    List<Path> extras(List<Plan.Listing> listings) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Plan.Listing listing : listings) {
            FileStat st = Overwrites.lstat(listing.dir());
            if (st == null || !st.isDir()) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(listing.dir())) {
                for (Path child : children) {
                    var name = RawPaths.fileName(child);
                    if (!listing.names().contains(name)
                            && selection.deletable(Locations.child(listing.location(), name))) {
                        out.add(child);
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }
}
