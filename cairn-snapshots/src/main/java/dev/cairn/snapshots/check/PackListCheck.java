package dev.cairn.snapshots.check;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.storage.FileType;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the pack files in storage with the packs the index names: missing and wrongly sized packs are errors, a
 * pack no index names is only a hint (an interrupted backup leaves such packs; prune removes them).
 */
final class PackListCheck {

    private final Repository repo;
    private final Findings findings;

    PackListCheck(Repository repo, Findings findings) {
        this.repo = repo;
        this.findings = findings;
    }

    /** Runs the comparison; returns the packs that are missing from storage. */
    Set<Id> run() throws IOException {
        Map<Id, Long> listed = new HashMap<>();
        repo.storage().list(FileType.PACK, info -> {
            // restic ignores names that are not IDs (temporary files, foreign files)
            if (Id.isId(info.name())) {
                listed.put(Id.parse(info.name()), info.size());
            }
        });
        Set<Id> missing = new HashSet<>();
        for (var e : new TreeMap<>(repo.indexedPackSizes()).entrySet()) {
            Id pack = e.getKey();
            Long actual = listed.remove(pack);
            if (actual == null) {
                missing.add(pack);
                findings.packLost(pack);
                findings.error("pack " + RepoFiles.pack(pack) + ": does not exist (the index names it; the blobs in"
                        + " it are lost unless another backup stores them again)");
            } else if (actual.longValue() != e.getValue().longValue()) {
                // Until read-data looks inside, every blob of a wrongly sized pack is suspect.
                findings.packLost(pack);
                findings.error("pack " + RepoFiles.pack(pack) + ": unexpected file size: got " + actual
                        + ", expected " + e.getValue());
            }
        }
        for (Id orphan : new TreeMap<>(listed).keySet()) {
            findings.hint("pack " + RepoFiles.pack(orphan) + ": not referenced in any index");
        }
        if (!listed.isEmpty()) {
            findings.hint(listed.size() + " additional files were found in the repo, which likely contain duplicate"
                    + " data. This is non-critical, you can run `restic prune` to correct this.");
        }
        return missing;
    }
}
