package dev.cairn.repository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the trees stored around a missing one in the same request. Walking a snapshot (restore, check, diff, a
 * backup's parent) asks for one tree after another, and on a remote storage each small ranged read is a round trip
 * (on S3 a signed GET, 5–30 ms on a busy loopback, far more over the internet): 190 directories cost 190 serial
 * requests. The archiver writes a directory's trees next to each other, so one read of a window around the wanted
 * tree brings in the ones asked for next. Only the sealed bytes are kept, each decoded (and authenticated) when it
 * is asked for, so trees that are never needed cost no CPU; the bytes kept are bounded.
 */
final class TreeReadAhead {

    /** Reads {@code length} bytes of the pack from {@code start}. */
    @FunctionalInterface
    interface RangeLoader {
        byte[] load(long start, int length) throws IOException;
    }

    /** A sealed blob inside a fetched range. */
    record Slice(byte[] bytes, int offset) {
    }

    private final int window;
    private final long budget;
    private final Map<Id, Fetched> kept = new LinkedHashMap<>(256, 0.75f, true);
    private long keptBytes;

    /** A tree's sealed bytes, copied out of its window so that the window itself is not kept alive. */
    private record Fetched(PackedBlob blob, byte[] sealed) {
    }

    /**
     * @param window bytes read around a missing tree (at least the tree itself is always read)
     * @param budget the most bytes of fetched trees kept waiting to be asked for
     */
    TreeReadAhead(int window, long budget) {
        this.window = window;
        this.budget = budget;
    }

    /**
     * The sealed bytes of {@code wanted}: from an earlier window if it is there, else from one new read of the
     * trees of its pack that lie within the window around it.
     */
    Slice slice(PackedBlob wanted, List<PackedBlob> packBlobs, RangeLoader loader) throws IOException {
        synchronized (this) {
            Fetched hit = kept.remove(wanted.id());
            if (hit != null) {
                keptBytes -= hit.blob().length();
                // Only if the index still puts the tree where it was read from (a repack moves it).
                if (hit.blob().equals(wanted)) {
                    return new Slice(hit.sealed(), 0);
                }
            }
        }
        List<PackedBlob> around = around(wanted, packBlobs);
        long start = around.getFirst().offset();
        PackedBlob last = around.getLast();
        byte[] range;
        try {
            range = loader.load(start, Math.toIntExact(last.offset() + last.length() - start));
        } catch (IOException e) {
            if (around.size() == 1) {
                throw e;
            }
            // A damaged neighbour (a pack cut short) must not make a sound tree unreadable: read just this one.
            return new Slice(loader.load(wanted.offset(), wanted.length()), 0);
        }
        synchronized (this) {
            for (PackedBlob blob : around) {
                if (!blob.id().equals(wanted.id()) && !kept.containsKey(blob.id())) {
                    int at = Math.toIntExact(blob.offset() - start);
                    kept.put(blob.id(), new Fetched(blob, Arrays.copyOfRange(range, at, at + blob.length())));
                    keptBytes += blob.length();
                }
            }
            // Least recently fetched first.
            var eldest = kept.entrySet().iterator();
            while (keptBytes > budget && eldest.hasNext()) {
                keptBytes -= eldest.next().getValue().blob().length();
                eldest.remove();
            }
        }
        return new Slice(range, Math.toIntExact(wanted.offset() - start));
    }

    /** The tree blobs of the pack, in file order, that lie within the window centred on {@code wanted}. */
    private List<PackedBlob> around(PackedBlob wanted, List<PackedBlob> packBlobs) {
        long from = wanted.offset() - window / 2;
        long to = wanted.offset() + wanted.length() + window / 2;
        List<PackedBlob> inside = new ArrayList<>();
        for (PackedBlob blob : packBlobs) {
            if (blob.type() == BlobType.TREE && blob.offset() >= from && blob.offset() + blob.length() <= to
                    && !blob.id().equals(wanted.id())) {
                inside.add(blob);
            }
        }
        inside.add(wanted);
        inside.sort(Comparator.comparingLong(PackedBlob::offset));
        return inside;
    }
}
