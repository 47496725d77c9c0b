package dev.cairn.snapshots.prune;

import dev.cairn.repository.BlobMarks;
import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * restic 0.14's prune planning ({@code packInfoFromIndex} and {@code decidePackAction} in cmd_prune.go), step for
 * step, so that both tools free the same space: classify every indexed blob as used, duplicate or unused, account
 * them per pack, then decide per pack file: delete, keep or repack, within --max-unused and --max-repack-size.
 */
final class PrunePlanner {

    /** Same blob, another copy: restic's BlobHandle. */
    private record BlobKey(BlobType type, Id id) {
    }

    private final Repository repo;
    private final PruneOptions options;
    private final Tally tally = new Tally();

    PrunePlanner(Repository repo, PruneOptions options) {
        this.repo = repo;
        this.options = options;
    }

    /** @param packFiles every pack file in the repository with its size ({@link Repository#listPackFiles}) */
    PrunePlan plan(BlobMarks used, Map<Id, Long> packFiles) throws PruneException {
        Map<Id, PackInfo> packs = classify(used);
        return decide(packs, packFiles);
    }

    private boolean isPrimary(PackedBlob b) {
        PackedBlob first = repo.lookup(b.type(), b.id());
        return first != null && first.pack().equals(b.pack()) && first.offset() == b.offset();
    }

    private Map<Id, PackInfo> classify(BlobMarks used) {
        Map<BlobKey, Integer> duplicates = new HashMap<>();
        repo.forEachIndexedBlob(b -> {
            if (!used.isMarked(b.type(), b.id())) {
                tally.unusedBlobs++;
                tally.unusedBytes += b.length();
            } else if (isPrimary(b)) {
                tally.usedBlobs++;
                tally.usedBytes += b.length();
            } else {
                // count saturates at 255 as restic's uint8 does
                duplicates.merge(new BlobKey(b.type(), b.id()), 2, (old, two) -> Math.min(255, old + 1));
                tally.duplicateBlobs++;
                tally.duplicateBytes += b.length();
            }
        });
        Map<Id, PackInfo> packs = new HashMap<>();
        repo.forEachIndexedBlob(b -> {
            PackInfo p = packs.computeIfAbsent(b.pack(), PackInfo::new);
            p.addType(b.type());
            p.blobBytes += b.length();
            if (duplicates.containsKey(new BlobKey(b.type(), b.id()))) {
                // decided below, once every pack's used blobs are known
            } else if (used.isMarked(b.type(), b.id())) {
                p.usedSize += b.length();
                p.usedBlobs++;
            } else {
                p.unusedSize += b.length();
                p.unusedBlobs++;
            }
            if (!b.compressed()) {
                p.uncompressed = true;
            }
        });
        if (!duplicates.isEmpty()) {
            repo.forEachIndexedBlob(b -> assignDuplicate(b, duplicates, packs.get(b.pack())));
        }
        // The header counts as used space, as in restic (pack.Size with only the header).
        repo.indexedPackSizes().forEach((id, size) -> {
            PackInfo p = packs.computeIfAbsent(id, PackInfo::new);
            p.usedSize += size - p.blobBytes;
        });
        return packs;
    }

    /** One copy of a duplicate is used: preferably in a pack with other used blobs, else the last one seen. */
    private static void assignDuplicate(PackedBlob b, Map<BlobKey, Integer> duplicates, PackInfo p) {
        BlobKey key = new BlobKey(b.type(), b.id());
        Integer count = duplicates.get(key);
        if (count == null) {
            return;
        }
        if (count == 0) {
            p.unusedSize += b.length();
            p.unusedBlobs++;
        } else if (p.usedBlobs > 0 || count == 1) {
            p.usedSize += b.length();
            p.usedBlobs++;
            duplicates.put(key, 0);
        } else {
            p.unusedSize += b.length();
            p.unusedBlobs++;
            duplicates.put(key, count - 1);
        }
    }

    private PrunePlan decide(Map<Id, PackInfo> indexPacks, Map<Id, Long> packFiles) throws PruneException {
        Set<Id> removeFirst = new HashSet<>();
        Set<Id> remove = new HashSet<>();
        Set<Id> repack = new HashSet<>();
        List<PackInfo> candidates = new ArrayList<>();
        List<PackInfo> smallCandidates = new ArrayList<>();
        long targetPackSize = options.repackSmall() ? options.packSize() / 5 * 4 : options.packSize() / 25;
        Map<Id, PackInfo> remaining = new HashMap<>(indexPacks);
        for (var file : new TreeMap<>(packFiles).entrySet()) {
            Id id = file.getKey();
            long packSize = file.getValue();
            PackInfo p = remaining.remove(id);
            if (p == null) {
                removeFirst.add(id);
                tally.unreferencedBytes += packSize;
                continue;
            }
            if (p.size() != packSize && p.usedBlobs != 0) {
                throw new PruneException("pack " + id.shortHex() + ": size " + packSize + " does not match the "
                        + p.size() + " bytes the index implies, and the pack holds used data; run 'cairn check' "
                        + "and rebuild the index ('cairn repair index') first");
            }
            if (p.usedBlobs == 0) {
                tally.packsUnused++;
            } else if (p.unusedBlobs == 0) {
                tally.packsUsed++;
            } else {
                tally.packsPartlyUsed++;
            }
            boolean mustCompress = repo.formatVersion() >= 2 && p.uncompressed
                    && ((p.type == BlobType.TREE && !p.mixed) || options.repackUncompressed());
            p.uncompressed = mustCompress;
            if (p.usedBlobs == 0) {
                remove.add(id);
                tally.removeBlobs += p.unusedBlobs;
                tally.removeBytes += p.unusedSize;
            } else if (options.repackCacheableOnly() && p.isData()) {
                tally.packsKeep++;
            } else if (p.unusedBlobs == 0 && !p.mixed && !mustCompress) {
                if (packSize >= targetPackSize) {
                    tally.packsKeep++;
                } else {
                    smallCandidates.add(p);
                }
            } else {
                candidates.add(p);
            }
        }
        Set<Id> ignore = new HashSet<>();
        List<String> missingNeeded = new ArrayList<>();
        for (PackInfo p : remaining.values()) {
            if (p.usedBlobs == 0) {
                ignore.add(p.id);
                tally.removeBlobs += p.unusedBlobs;
                tally.removeBytes += p.unusedSize;
            } else {
                missingNeeded.add(p.id.hex());
            }
        }
        if (!missingNeeded.isEmpty()) {
            throw new PruneException("the index names " + missingNeeded.size() + " pack file(s) with used data that "
                    + "are missing from the repository: " + String.join(", ", missingNeeded.subList(0,
                    Math.min(10, missingNeeded.size()))) + "; run 'cairn check' and repair the repository first");
        }
        if (smallCandidates.size() < 10) {
            // too few small packs to be worth it; also stops repacking a single small pack again and again
            tally.packsKeep += smallCandidates.size();
        } else {
            candidates.addAll(smallCandidates);
        }
        candidates.sort(order(targetPackSize));
        Map<Id, PackInfo> repackInfo = new HashMap<>();
        long maxUnusedAfter = options.maxUnused().bytes(tally.usedBytes);
        for (PackInfo p : candidates) {
            // restic computes this in uint64: an underflow counts as "not reached"
            boolean reachedUnusedAfter = Long.compareUnsigned(
                    tally.unusedBytes - tally.removeBytes - tally.repackRemovedBytes, maxUnusedAfter) < 0;
            boolean reachedRepackSize = Long.compareUnsigned(tally.repackBytes + p.size(),
                    options.maxRepackBytes()) >= 0;
            boolean largeEnough = p.size() >= targetPackSize;
            if (reachedRepackSize) {
                tally.packsKeep++;
            } else if (!p.isData() || p.uncompressed) {
                addRepack(p, repack, repackInfo);
            } else if (reachedUnusedAfter && largeEnough) {
                tally.packsKeep++;
            } else {
                addRepack(p, repack, repackInfo);
            }
        }
        tally.packsUnreferenced = removeFirst.size();
        tally.packsRepack = repack.size();
        tally.packsRemove = remove.size();
        return new PrunePlan(removeFirst, repack, remove, ignore, tally.freeze(), repackInfo);
    }

    private void addRepack(PackInfo p, Set<Id> repack, Map<Id, PackInfo> info) {
        repack.add(p.id);
        info.put(p.id, p);
        tally.repackBlobs += p.unusedBlobs + p.usedBlobs;
        tally.repackBytes += p.size();
        tally.repackRemovedBlobs += p.unusedBlobs;
        tally.repackRemovedBytes += p.unusedSize;
    }

    /** Tree and mixed packs first, then small packs, then by unused share, highest first (restic's order). */
    private static Comparator<PackInfo> order(long targetPackSize) {
        return (a, b) -> {
            if (!a.isData() && b.isData()) {
                return -1;
            }
            if (!b.isData() && a.isData()) {
                return 1;
            }
            boolean aSmall = a.size() < targetPackSize;
            boolean bSmall = b.size() < targetPackSize;
            if (aSmall != bSmall) {
                return aSmall ? -1 : 1;
            }
            return Long.compare(b.unusedSize * a.usedSize, a.unusedSize * b.usedSize);
        };
    }
}
