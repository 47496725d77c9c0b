package dev.cairn.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.LimitedInputStream;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A repository in an Azure Blob container, in restic's layout under the prefix ({@code config}, {@code keys/…},
 * {@code data/xx/…}). Files are block blobs written with {@code If-None-Match: *}: up to {@value #SINGLE_PUT_MAX}
 * bytes in one Put Blob, larger ones as staged blocks made visible by one Put Block List — either way the blob
 * appears whole or not at all. Every request carries an MD5 the service checks. At most {@code connections}
 * requests run at once.
 */
final class AzureStorage implements Storage {
    static final int SINGLE_PUT_MAX = 32 << 20;
    static final int BLOCK_SIZE = 16 << 20;
    private static final int READ_BLOCK = 4 << 20;

    private final AzureUrl url;
    private final BlobContainerClient container;
    private final boolean createContainer;
    private final int connections;
    private final Semaphore permits;
    private final Duration timeout;

    AzureStorage(AzureUrl url, BlobContainerClient container, boolean createContainer, int connections,
            Duration timeout) {
        this.url = url;
        this.container = container;
        this.createContainer = createContainer;
        this.connections = connections;
        this.permits = new Semaphore(connections);
        this.timeout = timeout;
    }

    @Override
    public String location() {
        return url.toString();
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public void create() throws IOException {
        call("create", "container " + url.container(), () -> {
            if (!container.exists()) {
                if (!createContainer) {
                    throw new StorageException.Permanent(location() + ": create: the container '" + url.container()
                            + "' does not exist and -o azure.create-container=false forbids creating it; create it "
                            + "first", null);
                }
                container.createIfNotExists();
            }
            if (blob("config").exists()) {
                throw new StorageException.Permanent(location() + ": create: a config file exists already, so this "
                        + "location holds a repository; use it as it is or choose another prefix", null);
            }
            return null;
        });
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        String file = handle.layoutPath();
        call("save", file, () -> {
            BlockBlobClient blob = blob(file).getBlockBlobClient();
            try {
                if (content.length() <= SINGLE_PUT_MAX) {
                    putWhole(blob, file, content);
                } else {
                    putBlocks(blob, file, content);
                }
            } catch (RuntimeException e) {
                if (!AzureErrors.hasStatus(e, 409) && !AzureErrors.hasStatus(e, 412)) {
                    throw e;
                }
                acceptExisting(blob, file, content.length(), e);
            }
            return null;
        });
    }

    private void putWhole(BlockBlobClient blob, String file, ByteSource content) throws IOException {
        byte[] bytes = new byte[(int) content.length()];
        try (InputStream in = content.open()) {
            int n = readFully(in, bytes, file);
            if (n != bytes.length || in.read() >= 0) {
                throw lengthMismatch(file, content.length(), n == bytes.length ? "more" : Integer.toString(n));
            }
        }
        blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(bytes))
                .setContentMd5(md5(bytes, bytes.length))
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), timeout, Context.NONE);
    }

    /** Stages fixed-size blocks, then commits the list: uncommitted blocks are never visible as a blob. */
    private void putBlocks(BlockBlobClient blob, String file, ByteSource content) throws IOException {
        // Ids unique to this upload, so concurrent saves of the same name never commit each other's blocks.
        long upload = ThreadLocalRandom.current().nextLong();
        List<String> ids = new ArrayList<>();
        byte[] buffer = new byte[BLOCK_SIZE];
        long total = 0;
        try (InputStream in = content.open()) {
            int n;
            while ((n = readFully(in, buffer, file)) > 0) {
                String id = Base64.getEncoder().encodeToString(
                        ByteBuffer.allocate(12).putLong(upload).putInt(ids.size()).array());
                blob.stageBlockWithResponse(id, new ByteArrayInputStream(buffer, 0, n), n, md5(buffer, n), null,
                        timeout, Context.NONE);
                ids.add(id);
                total += n;
                if (total > content.length()) {
                    throw lengthMismatch(file, content.length(), "more");
                }
            }
        }
        if (total != content.length()) {
            throw lengthMismatch(file, content.length(), Long.toString(total));
        }
        blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), timeout, Context.NONE);
    }

    /** The name exists: the same size is this content saved before (names are hashes); another is a conflict. */
    private void acceptExisting(BlockBlobClient blob, String file, long length, RuntimeException conflict)
            throws StorageException {
        long size = blob.getProperties().getBlobSize();
        if (size != length) {
            throw new StorageException.Permanent(location() + ": save " + file + ": a blob of " + size + " bytes "
                    + "exists already and files are never overwritten (this save has " + length + " bytes); remove "
                    + "the old blob first if it is damaged", conflict);
        }
    }

    private int readFully(InputStream in, byte[] buffer, String file) throws StorageException {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            // The caller's content failed, not Azure: retrying the storage cannot help.
            throw new StorageException.Permanent(location() + ": save " + file + ": reading the content to save "
                    + "failed: " + e.getMessage() + "; nothing was saved", e);
        }
    }

    private StorageException lengthMismatch(String file, long announced, String got) {
        return new StorageException.Permanent(location() + ": save " + file + ": the content to save gave " + got
                + " bytes but announced " + announced + "; nothing was saved", null);
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        String file = handle.layoutPath();
        return call("open", file, () -> {
            BlobClient blob = blob(file);
            if (length == 0) {
                blob.getProperties(); // still a not-found error for a missing blob
                return InputStream.nullInputStream();
            }
            InputStream in;
            try {
                in = blob.openInputStream(new BlobInputStreamOptions().setBlockSize(READ_BLOCK)
                        .setRange(new BlobRange(offset, length < 0 ? null : length)));
            } catch (RuntimeException e) {
                if (AzureErrors.hasStatus(e, 416)) {
                    return InputStream.nullInputStream(); // the range starts at or past the end: nothing to read
                }
                throw e;
            }
            return new LimitedInputStream(in, length < 0 ? Long.MAX_VALUE : length,
                    e -> AzureErrors.classify(location(), "read", file, e));
        });
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        String file = handle.layoutPath();
        return call("stat", file, () -> new FileInfo(handle.name(), blob(file).getProperties().getBlobSize()));
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        String dir = type.dirName();
        call("list", dir, () -> {
            if (type == FileType.CONFIG) {
                BlobClient config = blob("config");
                if (config.exists()) {
                    each.accept(new FileInfo("config", config.getProperties().getBlobSize()));
                }
                return null;
            }
            String prefix = url.blob(dir + "/");
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix)
                    .setMaxResultsPerPage(5000), timeout)) {
                String rest = item.getName().substring(prefix.length());
                int slash = rest.indexOf('/');
                boolean nested = type == FileType.PACK;
                String name = nested ? (slash > 0 && rest.indexOf('/', slash + 1) < 0 ? rest.substring(slash + 1) : "")
                        : (slash < 0 ? rest : "");
                if (!name.isEmpty()) {
                    each.accept(new FileInfo(name, item.getProperties().getContentLength()));
                }
            }
            return null;
        });
    }

    @Override
    public void remove(Handle handle) throws IOException {
        String file = handle.layoutPath();
        call("remove", file, () -> {
            blob(file).delete();
            return null;
        });
    }

    @Override
    public void close() {
        // The SDK's JDK HttpClient holds no resources that need closing.
    }

    @Override
    public String toString() {
        return location();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    /** Runs one operation under a connection permit, classifying every failure. */
    private <T> T call(String op, String file, Call<T> call) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location() + ": " + op + " " + file + ": interrupted");
        }
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            throw AzureErrors.classify(location(), op, file, e);
        } finally {
            permits.release();
        }
    }

    private BlobClient blob(String relative) {
        return container.getBlobClient(url.blob(relative));
    }


    private static byte[] md5(byte[] bytes, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(bytes, 0, length);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
