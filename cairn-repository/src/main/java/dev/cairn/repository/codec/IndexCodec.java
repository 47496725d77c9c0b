package dev.cairn.repository.codec;

import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Index documents: {@code {"packs":[{"id":…,"blobs":[{"id","type","offset","length","uncompressed_length"?}]}]}}
 * and a newline (restic writes them with {@code json.Encoder}). Written without {@code supersedes}, which restic
 * master no longer reads; read with it, and also in the legacy format (a bare array of packs).
 */
public final class IndexCodec {

    private IndexCodec() {
    }

    public static byte[] encode(List<IndexPack> packs) {
        GoJson w = new GoJson().beginObject().name("packs").beginArray();
        for (IndexPack p : packs) {
            w.beginObject().name("id").value(p.packId()).name("blobs");
            w.beginArray();
            for (PackedBlob b : p.blobs()) {
                w.beginObject()
                        .name("id").value(b.id())
                        .name("type").value(b.type().jsonName())
                        .name("offset").value(b.offset())
                        .name("length").value(b.length());
                if (b.uncompressedLength() != 0) {
                    w.name("uncompressed_length").value(b.uncompressedLength());
                }
                w.endObject();
            }
            w.endArray().endObject();
        }
        return w.endArray().endObject().toBytesWithNewline();
    }

    /** Parses an index in the current or the legacy (array) format. */
    public static List<IndexPack> decode(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "index")) {
            List<IndexPack> packs = new ArrayList<>();
            if (in.token() == JsonToken.START_ARRAY) {
                readPacks(in, packs);
            } else {
                in.startObject();
                for (String f; (f = in.nextField()) != null; ) {
                    if (f.equals("packs") && !in.isNull()) {
                        packs.clear();
                        in.startArray();
                        readPacks(in, packs);
                    } else {
                        in.skip(); // supersedes (restic 0.14) is obsolete: every index stands on its own
                    }
                }
            }
            in.end();
            return packs;
        }
    }

    private static void readPacks(JsonIn in, List<IndexPack> packs) throws IOException {
        while (in.next() != JsonToken.END_ARRAY) {
            packs.add(readPack(in));
        }
    }

    private static IndexPack readPack(JsonIn in) throws IOException {
        in.startObject();
        Id packId = null;
        List<BlobFields> blobs = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "id" -> packId = in.id();
                case "blobs" -> {
                    blobs.clear();
                    if (!in.isNull()) {
                        in.startArray();
                        while (in.next() != JsonToken.END_ARRAY) {
                            blobs.add(readBlob(in));
                        }
                    }
                }
                default -> in.skip();
            }
        }
        if (packId == null) {
            throw in.error("pack without an ID");
        }
        List<PackedBlob> list = new ArrayList<>(blobs.size());
        for (BlobFields b : blobs) {
            list.add(new PackedBlob(b.id, b.type, packId, b.offset, b.length, b.uncompressedLength));
        }
        return new IndexPack(packId, list);
    }

    private record BlobFields(Id id, BlobType type, long offset, int length, int uncompressedLength) {
    }

    private static BlobFields readBlob(JsonIn in) throws IOException {
        in.startObject();
        Id id = null;
        String type = null;
        long offset = 0;
        long length = 0;
        long uncompressed = 0;
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "id" -> id = in.id();
                case "type" -> type = in.string();
                case "offset" -> offset = in.unsigned(63);
                case "length" -> length = in.unsigned(31);
                case "uncompressed_length" -> uncompressed = in.unsigned(31);
                default -> in.skip();
            }
        }
        if (id == null || type == null) {
            throw in.error("blob entry without " + (id == null ? "id" : "type"));
        }
        try {
            return new BlobFields(id, BlobType.fromJson(type), offset, (int) length, (int) uncompressed);
        } catch (IllegalArgumentException e) {
            throw in.error("blob " + id + ": " + e.getMessage());
        }
    }
}
