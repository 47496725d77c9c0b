package dev.cairn.repository;

import java.io.IOException;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * restic's {@code repair index} and {@code repair packs}. Take the exclusive lock first. Both write the new index
 * files before removing old ones (and remove packs last), so a crash at any point leaves a repository that check
 * accepts and on which the repair can simply be run again.
 *
 * <p>The repository's in-memory index learns the new index files but does not forget entries of removed packs:
 * after a repair, close the repository and open it again before reading or writing blobs.
 */
public interface Repair {

    /**
     * Rebuilds the index from the pack files: lists every pack, reads each one's header (ranged reads of the tail
     * only), writes new index files for all packs whose header is intact and whose size matches it, then removes
     * all previous index files (including undecodable ones). Open the repository with
     * {@link Repositories#openWithoutIndex} when its index files may be damaged.
     *
     * @param readAllPacks also download every pack and verify its hash and every blob; damaged packs are indexed
     *     as their headers say and reported in the result, for {@link #salvagePacks}
     * @param report one line per notable event (pack added, index replaced, pack skipped)
     */
    IndexRepairResult rebuildIndex(boolean readAllPacks, Consumer<String> report) throws IOException;

    /**
     * Salvages damaged packs: copies every blob of them that still decrypts and verifies (and that no other pack
     * has) into new packs, writes index files without the damaged packs, then deletes the damaged packs. Blobs
     * that could not be read are lost; {@code repair snapshots} then removes them from the snapshots.
     *
     * @param packs IDs of pack files; their blob lists come from the index, or else from their own headers
     */
    PackRepairResult salvagePacks(Collection<Id> packs, Consumer<String> report) throws IOException;
}
