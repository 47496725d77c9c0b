package dev.cairn.snapshots.check;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.Progress;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * restic's {@code check}: index problems, pack files against the index, every snapshot and reachable tree, and,
 * with read-data, the bytes of (some) packs. Beyond restic it says which snapshots and paths damage affects. Run it
 * under an exclusive lock so no prune changes the repository meanwhile.
 */
public final class Checker {

    private final Repository repo;

    public Checker(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
    }

    /**
     * Checks the repository. Problems are reported in the result, not thrown; an exception means the check itself
     * could not go on (e.g. the storage cannot be listed).
     */
    public CheckResult check(CheckOptions options, Progress progress) throws IOException {
        Findings findings = new Findings();
        progress.phase("load index");
        // Undecodable index files already fail opening the repository; what is left (a pack listed in several
        // index files) is harmless, as restic says.
        List<String> indexProblems = repo.indexProblems();
        indexProblems.forEach(findings::hint);
        if (!indexProblems.isEmpty()) {
            findings.hint("This is non-critical, you can run `restic rebuild-index' to correct this");
        }
        progress.phase("check packs");
        Set<Id> missing = new PackListCheck(repo, findings).run();
        progress.phase("check snapshots");
        List<SnapshotRef> snapshots = new StructureCheck(repo, findings, progress).run();
        if (options.readsPacks()) {
            progress.phase("read data");
            new PackVerifier(repo, findings, progress).run(selectPacks(options, missing));
        }
        progress.phase("find affected files");
        DamageMapper mapper = new DamageMapper(repo, findings.damage(), findings.unindexedBlobs());
        Map<Id, List<String>> affected = mapper.hasDamage() ? mapper.map(snapshots) : Map.of();
        return new CheckResult(findings.errors(), findings.hints(), findings.damagedPacks(), affected);
    }

    private Map<Id, Long> selectPacks(CheckOptions options, Set<Id> missing) {
        Map<Id, Long> all = new HashMap<>(repo.indexedPackSizes());
        Set<Id> chosen = options.readData() ? all.keySet() : options.readDataSubset().select(all, options.random());
        Map<Id, Long> out = new HashMap<>();
        for (Id id : chosen) {
            // missing packs are already reported; reading them would only repeat that
            if (!missing.contains(id)) {
                out.put(id, all.get(id));
            }
        }
        return out;
    }
}
