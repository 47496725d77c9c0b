package dev.cairn.repository;

import dev.cairn.repository.codec.IndexPack;
import dev.cairn.repository.crypto.Crypto;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** {@link Repair} for a {@link DefaultRepository}. */
final class Repairs implements Repair {

    private final DefaultRepository repo;
    private final RepositoryFiles files;
    private final Crypto crypto;
    private final RepositoryOptions options;
    private final BiConsumer<Id, List<IndexPack>> indexWritten;

    Repairs(DefaultRepository repo, RepositoryFiles files, Crypto crypto, RepositoryOptions options,
            BiConsumer<Id, List<IndexPack>> indexWritten) {
        this.repo = repo;
        this.files = files;
        this.crypto = crypto;
        this.options = options;
        this.indexWritten = indexWritten;
    }

    @Override
    public IndexRepairResult rebuildIndex(boolean readAllPacks, Consumer<String> report) throws IOException {
        return new IndexRebuild(repo, files, new IndexWriter(files, indexWritten)).run(readAllPacks, report);
    }

    @Override
    public PackRepairResult salvagePacks(Collection<Id> packs, Consumer<String> report) throws IOException {
        if (packs.isEmpty()) {
            throw new IllegalArgumentException("no pack IDs given");
        }
        return new PackSalvage(repo, files, crypto, options, new IndexWriter(files, indexWritten)).run(packs, report);
    }
}
