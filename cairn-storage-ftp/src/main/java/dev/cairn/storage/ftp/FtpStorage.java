package dev.cairn.storage.ftp;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/**
 * A repository on an FTP server in restic's default layout ({@code data/<id[0:2]>/<id>}, as restic's sftp and local
 * backends). Saves upload to {@code <name>-tmp-<random>} and rename, so a broken upload never shows under the real
 * name; directories are made on demand; ranged reads use the REST (restart) command.
 */
final class FtpStorage implements Storage {

    static final String TEMP_MARKER = "-tmp-";

    @FunctionalInterface
    interface Op<T> {
        T run(FTPClient client) throws IOException;
    }

    private final String location;
    private final String root;
    private final FtpPool pool;
    private final int connections;
    private final NameLocks locks = new NameLocks();

    FtpStorage(String location, String root, FtpPool pool, int connections) {
        this.location = location;
        this.root = root;
        this.pool = pool;
        this.connections = connections;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return connections;
    }

    /** Runs {@code op} on a pooled connection; an I/O fault discards the connection, a refused command does not. */
    <T> T with(String op, String file, Op<T> body) throws IOException {
        FTPClient client = pool.borrow(op, file);
        boolean reusable = false;
        try {
            T result = body.run(client);
            reusable = true;
            return result;
        } catch (StorageException e) {
            reusable = client.isConnected() && e.getCause() == null;
            throw e;
        } catch (IOException | RuntimeException e) {
            throw FtpReplies.fault(location, op, file, e);
        } finally {
            pool.release(client, reusable);
        }
    }

    @Override
    public void create() throws IOException {
        with("create", root, c -> {
            if (size(c, path(Handle.config()), "create", "config") >= 0) {
                throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                        + "location holds a repository; use it as it is or choose an empty directory", null);
            }
            for (FileType type : FileType.values()) {
                if (type != FileType.CONFIG) {
                    FtpDirectories.make(c, join(root, type.dirName()), location);
                }
            }
            return null;
        });
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        String path = path(handle);
        var lock = locks.lock(handle);
        try {
            with("save", handle.toString(), c -> {
                long existing = size(c, path, "save", handle.toString());
                if (existing == content.length()) {
                    return null; // names are content hashes: the same size is this very content, saved before
                }
                if (existing >= 0) {
                    throw new StorageException.Permanent(location + ": save " + handle + ": a file of " + existing
                            + " bytes exists already and files are never overwritten (this save has "
                            + content.length() + " bytes); remove the old file first if it is damaged", null);
                }
                new FtpUpload(c, location, handle.toString()).upload(path, content);
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        if (length == 0) {
            stat(handle);
            return new ByteArrayInputStream(new byte[0]);
        }
        String file = handle.toString();
        FTPClient client = pool.borrow("open", file);
        try {
            return FtpDownload.start(client, pool, path(handle), offset, length, location, file);
        } catch (StorageException e) {
            pool.release(client, e.getCause() == null && client.isConnected());
            throw e;
        } catch (IOException | RuntimeException e) {
            pool.release(client, false);
            throw FtpReplies.fault(location, "open", file, e);
        }
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        long size = with("stat", handle.toString(), c -> size(c, path(handle), "stat", handle.toString()));
        if (size < 0) {
            throw new StorageException.NotFound(location + ": stat " + handle + ": no such file");
        }
        return new FileInfo(handle.name(), size);
    }

    /** SIZE of a file, or -1 when the server says it does not exist (550). */
    private long size(FTPClient c, String path, String op, String file) throws IOException {
        int code = c.sendCommand("SIZE", path);
        if (code == 550) {
            return -1;
        }
        if (code != 213) {
            throw FtpReplies.failure(location, op, file, c, "SIZE failed");
        }
        try {
            return Long.parseLong(c.getReplyString().strip().substring(3).strip());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new StorageException.Permanent(location + ": " + op + " " + file + ": the reply to SIZE is not a "
                    + "number: " + c.getReplyString().strip(), e);
        }
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        String dir = join(root, type.dirName());
        if (type == FileType.CONFIG) {
            long size = with("list", "config", c -> size(c, path(Handle.config()), "list", "config"));
            if (size >= 0) {
                each.accept(new FileInfo("config", size));
            }
        } else if (type == FileType.PACK) {
            // The data/ listing's connection goes back to the pool before the fan-out, which needs them all.
            List<String> subdirs = with("list", type.dirName(), c -> {
                List<String> found = new ArrayList<>();
                for (FTPFile sub : FtpDirectories.list(c, dir, location)) {
                    if (sub.isDirectory()) {
                        found.add(join(dir, sub.getName()));
                    }
                }
                return found;
            });
            listInParallel(subdirs, each);
        } else {
            List<FileInfo> found = new ArrayList<>();
            with("list", type.dirName(), c -> {
                listFiles(c, dir, found::add);
                return null;
            });
            found.forEach(each);
        }
    }

    /**
     * Lists the up to 256 pack directories over all connections at once: each listing is a round trip plus a data
     * connection (and a TLS handshake for FTPS), so one at a time is slow on any real link. The results are handed
     * to {@code each} on the calling thread.
     */
    private void listInParallel(List<String> dirs, Consumer<FileInfo> each) throws IOException {
        if (dirs.isEmpty()) {
            return;
        }
        List<Future<List<FileInfo>>> parts = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String dir : dirs) {
                parts.add(executor.submit(() -> with("list", dir, c -> {
                    List<FileInfo> found = new ArrayList<>();
                    listFiles(c, dir, found::add);
                    return found;
                })));
            }
            for (Future<List<FileInfo>> part : parts) {
                part.get().forEach(each);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location + ": list data: interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void listFiles(FTPClient c, String dir, Consumer<FileInfo> each) throws IOException {
        for (FTPFile f : FtpDirectories.list(c, dir, location)) {
            if (f.isFile() && !f.getName().contains(TEMP_MARKER)) {
                each.accept(new FileInfo(f.getName(), Math.max(0, f.getSize())));
            }
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        with("remove", handle.toString(), c -> {
            if (!c.deleteFile(path(handle))) {
                StorageException failure = FtpReplies.failure(location, "remove", handle.toString(), c, "DELE failed");
                // Servers answer a missing file with 550 or 450 ("can't delete"): SIZE tells which it is.
                if (size(c, path(handle), "remove", handle.toString()) < 0) {
                    throw new StorageException.NotFound(location + ": remove " + handle + ": no such file");
                }
                throw failure;
            }
            return null;
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return location;
    }

    String path(Handle handle) throws StorageException {
        if (handle.name().contains(TEMP_MARKER)) {
            throw new StorageException.Permanent(location + ": " + handle + ": names containing '" + TEMP_MARKER
                    + "' are reserved for temporary files", null);
        }
        return join(root, handle.layoutPath());
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static boolean positive(FTPClient c) {
        return FTPReply.isPositiveCompletion(c.getReplyCode());
    }
}
