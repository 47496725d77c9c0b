package dev.cairn.repository.codec;

import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import java.util.List;
import java.util.Objects;

/** One pack of an index document: its ID and its blobs (each {@link PackedBlob#pack()} equals {@code packId}). */
public record IndexPack(Id packId, List<PackedBlob> blobs) {

    public IndexPack {
        Objects.requireNonNull(packId, "packId");
        blobs = List.copyOf(blobs);
        for (PackedBlob b : blobs) {
            if (!b.pack().equals(packId)) {
                throw new IllegalArgumentException("blob " + b.id() + " names pack " + b.pack() + ", not " + packId);
            }
        }
    }
}
