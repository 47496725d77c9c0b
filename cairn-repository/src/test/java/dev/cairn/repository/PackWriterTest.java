package dev.cairn.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.codec.PackHeaderCodec;
import dev.cairn.repository.crypto.Crypto;
import dev.cairn.repository.crypto.MasterKey;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs assembled in temporary files: the stored bytes are a valid pack named by its hash, no file stays behind. */
class PackWriterTest {

    private final Crypto crypto = new Crypto(MasterKey.random(new SecureRandom()), new SecureRandom());

    @TempDir
    Path temp;

    @Test
    void storesPacksNamedByTheirHashWithEveryBlobAndLeavesNoTemporaryFile() throws Exception {
        Storage storage = Storages.inMemory();
        storage.create();
        List<Packer.Finished> uploaded = new ArrayList<>();
        PackWriter writer = new PackWriter(storage, crypto, 1 << 20, temp, p -> {
            synchronized (uploaded) {
                uploaded.add(p);
            }
        });
        Random random = new Random(7);
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] blob = new byte[100_000 + random.nextInt(100_000)];
            random.nextBytes(blob);
            sealed.add(blob);
            writer.add(i % 5 == 0 ? BlobType.TREE : BlobType.DATA, Id.hash(blob), blob, blob.length + 1);
            // on Unix the file is unlinked when opened: not even a pack being filled has a name
            assertThat(tempFiles()).isEmpty();
        }
        writer.flush();

        assertThat(uploaded).hasSizeGreaterThan(2);
        int blobs = 0;
        for (Packer.Finished pack : uploaded) {
            byte[] file = storage.load(Handle.of(FileType.PACK, pack.id().hex()));
            assertThat(Id.hash(file)).isEqualTo(pack.id());
            int headerLength = (file[file.length - 4] & 0xff) | (file[file.length - 3] & 0xff) << 8
                    | (file[file.length - 2] & 0xff) << 16 | (file[file.length - 1] & 0xff) << 24;
            byte[] header = crypto.open(Arrays.copyOfRange(file, file.length - 4 - headerLength, file.length - 4));
            List<PackedBlob> entries = PackHeaderCodec.decodeHeader(header, pack.id());
            assertThat(entries).isEqualTo(pack.blobs());
            for (PackedBlob b : entries) {
                byte[] stored = Arrays.copyOfRange(file, (int) b.offset(), (int) b.offset() + b.length());
                assertThat(Id.hash(stored)).isEqualTo(b.id());
                blobs++;
            }
        }
        assertThat(blobs).isEqualTo(sealed.size());
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void failedUploadReportsTheErrorAndDiscardLeavesNothingOpen() throws Exception {
        Storage storage = Storages.readOnly(Storages.inMemory()); // every save fails
        PackWriter writer = new PackWriter(storage, crypto, 1 << 16, temp, p -> { });
        byte[] blob = new byte[40_000];
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                blob[0] = (byte) i;
                writer.add(BlobType.DATA, Id.hash(blob), blob, blob.length);
            }
            writer.flush();
        }).isInstanceOf(IOException.class);
        writer.discard();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void packFileContentIsReplayable() throws Exception {
        try (PackFile file = PackFile.create(temp)) {
            byte[] data = new byte[700_000];
            new Random(1).nextBytes(data);
            file.append(data, 0, 300_000);
            file.append(data, 300_000, 400_000);
            ByteSource content = file.content();
            assertThat(content.length()).isEqualTo(data.length);
            try (var in = content.open()) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            try (var in = content.open()) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(file.id()).isEqualTo(Id.hash(data));
            assertThatThrownBy(() -> file.append(data, 0, 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        }
    }
}
