package dev.cairn.storage.sftp;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import java.io.InputStream;
import java.util.Map;

/**
 * Run by {@link SftpUploadMemoryTest} in a child JVM with a small heap: saves one generated file of the given size
 * (never held in memory here) and exits 0, or dies of OutOfMemoryError if the upload queues the file in memory.
 * Arguments: location, identity file, known_hosts file, home directory, size of each file in bytes, pack name
 * (its first two digits replaced by the file's number), files saved at once.
 */
public final class UploadInSmallHeap {
    private UploadInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[4]);
        try (Storage storage = new SftpStorageProvider().open(new StorageLocation("sftp", args[0]),
                new StorageSettings(Map.of("HOME", args[3]),
                        Map.of("sftp.identity", args[1], "sftp.known-hosts", args[2])))) {
            int parallel = Integer.parseInt(args[6]);
            // As a backup does: several packs at once over the channels of one session.
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(parallel)) {
                var saves = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < parallel; i++) {
                    Handle pack = new Handle(FileType.PACK, String.format("%02x", i) + args[5].substring(2));
                    saves.add(pool.submit(() -> {
                        storage.save(pack, generated(size));
                        return null;
                    }));
                }
                for (var save : saves) {
                    save.get();
                }
            }
            // The parent checks that the fast cipher carried the data.
            System.out.println("cipher " + ((SftpStorage) storage).connection().channels().session()
                    .getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.C2SENC));
        }
    }

    /** Bytes that vary (so nothing along the way could compress them away) from a small buffer reused. */
    static ByteSource generated(long size) {
        return new ByteSource() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private long position;

                    @Override
                    public int read() {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (position >= size) {
                            return -1;
                        }
                        int n = (int) Math.min(len, size - position);
                        for (int i = 0; i < n; i++) {
                            long p = position + i;
                            b[off + i] = (byte) (p * 31 ^ p >>> 8 ^ p >>> 19);
                        }
                        position += n;
                        return n;
                    }
                };
            }
        };
    }
}
