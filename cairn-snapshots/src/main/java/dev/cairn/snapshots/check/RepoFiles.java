package dev.cairn.snapshots.check;

import dev.cairn.repository.Id;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;

/** Repository file names as users see them in a local repository, for messages. */
final class RepoFiles {

    private RepoFiles() {
    }

    static String pack(Id id) {
        return Handle.of(FileType.PACK, id.hex()).layoutPath();
    }

    static String snapshot(Id id) {
        return "snapshots/" + id.hex();
    }
}
