package dev.cairn.storage.sftp;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.LimitedInputStream;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A repository on an SFTP server in restic's default layout ({@code config}, {@code keys/…}, {@code data/xx/…}),
 * as restic's {@code internal/backend/sftp} writes it. A save uploads to {@code <name>-tmp-<random>} in the target
 * directory and renames it into place (posix-rename@openssh.com when the server offers it), so a file is either
 * complete or absent; a missing {@code data/xx} directory is made on demand.
 */
final class SftpStorage implements Storage {
    static final int BUFFER = 64 * 1024;
    private static final int FILE_MODE = 0600;

    private final SftpUrl url;
    private final String location;
    private final SftpConnection connection;
    private final int connections;

    SftpStorage(SftpUrl url, String location, SftpConnection connection, int connections) {
        this.url = url;
        this.location = location;
        this.connection = connection;
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

    /** For tests: the SSH connection, to see what was negotiated. */
    SftpConnection connection() {
        return connection;
    }

    @Override
    public void create() throws IOException {
        try {
            if (exists(url.resolve("config"))) {
                throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                        + "location holds a repository; use it as it is or choose an empty directory", null);
            }
            mkdirs(url.path());
            List<String> dirs = new ArrayList<>();
            for (FileType type : FileType.values()) {
                if (type != FileType.CONFIG) {
                    dirs.add(url.resolve(type.dirName()));
                }
            }
            mkdirAll(dirs);
            List<String> data = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                data.add(url.resolve("data/" + String.format("%02x", i)));
            }
            mkdirAll(data);
        } catch (IOException e) {
            throw SftpErrors.classify(location, "create", "directories", e);
        }
    }

    /** Makes directories in parallel over the channels (260 round trips one by one are slow on a far server). */
    private void mkdirAll(List<String> dirs) throws IOException {
        Parallel.forEach(dirs, this::mkdir);
    }

    private void mkdirs(String path) throws IOException {
        if (path.equals(".") || path.equals("/") || isDirectory(path)) {
            return;
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(path.substring(0, slash));
        }
        mkdir(path);
    }

    /** mkdir that accepts an existing directory (a concurrent save may have made it). */
    private void mkdir(String path) throws IOException {
        try {
            connection.channel().mkdir(path);
        } catch (SftpException e) {
            if (!isDirectory(path)) {
                throw e;
            }
        }
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        String file = relative(handle);
        String target = url.resolve(file);
        try {
            if (alreadySaved(target, file, content.length())) {
                return;
            }
            String temp = target + SftpLayout.TEMP_MARKER + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            SftpClient channel = connection.channel();
            try {
                upload(channel, temp, file, content);
                rename(channel, temp, target, file, content.length());
            } catch (IOException | RuntimeException e) {
                removeQuietly(channel, temp, e);
                throw e;
            }
        } catch (IOException e) {
            throw SftpErrors.classify(location, "save", file, e);
        }
    }

    /** Same size means the same content saved before (names are content hashes); another size is a conflict. */
    private boolean alreadySaved(String target, String file, long length) throws IOException {
        Attributes attributes = statOrNull(target);
        if (attributes == null) {
            return false;
        }
        if (attributes.getSize() == length) {
            return true;
        }
        throw new StorageException.Permanent(location + ": save " + file + ": a file of " + attributes.getSize()
                + " bytes exists already and files are never overwritten (this save has " + length + " bytes); "
                + "remove the old file first if it is damaged", null);
    }

    private void upload(SftpClient channel, String temp, String file, ByteSource content) throws IOException {
        OutputStream out;
        try {
            out = Uploads.open(channel, temp);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
            makeParent(file);
            out = Uploads.open(channel, temp);
        }
        try (OutputStream o = out) {
            channel.setStat(temp, new Attributes().perms(FILE_MODE));
            Uploads.copy(location, content, o, file);
        }
    }

    /** Like restic, a missing type or data/xx directory is made on demand; the repository root must exist. */
    private void makeParent(String file) throws IOException {
        int slash = file.lastIndexOf('/');
        if (slash < 0) {
            throw missingRoot("save", file, null);
        }
        String parent = file.substring(0, slash);
        if (!isDirectory(url.path())) {
            throw missingRoot("save", file, null);
        }
        int first = parent.indexOf('/');
        if (first > 0) {
            mkdir(url.resolve(parent.substring(0, first)));
        }
        mkdir(url.resolve(parent));
    }

    private void rename(SftpClient channel, String temp, String target, String file, long length) throws IOException {
        if (connection.channels().posixRename()) {
            channel.getExtension(OpenSSHPosixRenameExtension.class).posixRename(temp, target);
            return;
        }
        try {
            channel.rename(temp, target);
        } catch (SftpException e) {
            // Plain SFTP rename refuses an existing target: a concurrent save of the same name got there first.
            Attributes there = statOrNull(target);
            if (there == null || there.getSize() != length) {
                throw e;
            }
            removeQuietly(channel, temp, e);
        }
    }

    private static void removeQuietly(SftpClient channel, String temp, Exception cause) {
        try {
            channel.remove(temp);
        } catch (IOException e) {
            if (!(e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE)) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        String file = relative(handle);
        try {
            return new LimitedInputStream(SftpReads.open(connection.channel(), url.resolve(file), offset, length),
                    length < 0 ? Long.MAX_VALUE : length, e -> SftpErrors.classify(location, "read", file, e));
        } catch (IOException e) {
            throw failure("open", file, e);
        }
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        String file = relative(handle);
        try {
            Attributes attributes = connection.channel().stat(url.resolve(file));
            if (!attributes.isRegularFile()) {
                throw new StorageException.NotFound(location + ": stat " + file + ": not a regular file");
            }
            return new FileInfo(handle.name(), attributes.getSize());
        } catch (IOException e) {
            throw failure("stat", file, e);
        }
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        String what = type.dirName();
        try {
            if (!isDirectory(url.path())) {
                throw missingRoot("list", what, null);
            }
            if (type == FileType.CONFIG) {
                Attributes config = statOrNull(url.resolve("config"));
                if (config != null && config.isRegularFile()) {
                    each.accept(new FileInfo("config", config.getSize()));
                }
            } else if (type == FileType.PACK) {
                List<String> dirs = new ArrayList<>();
                for (DirEntry prefix : SftpReads.dir(connection.channel(), url.resolve(what))) {
                    if (prefix.getAttributes().isDirectory() && !prefix.getFilename().startsWith(".")) {
                        dirs.add(url.resolve(what + "/" + prefix.getFilename()));
                    }
                }
                listInParallel(dirs, each);
            } else {
                listFiles(url.resolve(what), each);
            }
        } catch (IOException e) {
            throw SftpErrors.classify(location, "list", what, e);
        }
    }

    /**
     * Lists the 256 data/xx directories over all channels at once: one by one, each costs a round trip, which
     * dominates on a distant server. {@code each} is called under a lock, so callers need no synchronisation.
     */
    private void listInParallel(List<String> dirs, Consumer<FileInfo> each) throws IOException {
        Object lock = new Object();
        Consumer<FileInfo> serial = info -> {
            synchronized (lock) {
                each.accept(info);
            }
        };
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(connections);
        Parallel.forEach(dirs, dir -> {
            permits.acquire();
            try {
                listFiles(dir, serial);
            } finally {
                permits.release();
            }
        });
    }

    private void listFiles(String dir, Consumer<FileInfo> each) throws IOException {
        for (DirEntry entry : SftpReads.dir(connection.channel(), dir)) {
            String name = entry.getFilename();
            if (entry.getAttributes().isRegularFile() && !name.contains(SftpLayout.TEMP_MARKER)) {
                each.accept(new FileInfo(name, entry.getAttributes().getSize()));
            }
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        String file = relative(handle);
        try {
            connection.channel().remove(url.resolve(file));
        } catch (IOException e) {
            throw failure("remove", file, e);
        }
    }

    /** Removes data/xx, the type directories and the root, once empty; a file left makes rmdir fail. */
    @Override
    public void deleteEmptyLocation() throws IOException {
        try {
            if (!isDirectory(url.path())) {
                return;
            }
            List<String> data = new ArrayList<>();
            for (DirEntry prefix : SftpReads.dir(connection.channel(), url.resolve(FileType.PACK.dirName()))) {
                if (prefix.getAttributes().isDirectory() && !prefix.getFilename().startsWith(".")) {
                    data.add(url.resolve(FileType.PACK.dirName() + "/" + prefix.getFilename()));
                }
            }
            Parallel.forEach(data, this::rmdir);
            for (FileType type : FileType.values()) {
                if (type != FileType.CONFIG) {
                    rmdir(url.resolve(type.dirName()));
                }
            }
            rmdir(url.path());
        } catch (IOException e) {
            throw SftpErrors.classify(location, "delete location", "directories", e);
        }
    }

    private void rmdir(String path) throws IOException {
        try {
            connection.channel().rmdir(path);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    @Override
    public String toString() {
        return location;
    }

    private boolean exists(String path) throws IOException {
        return statOrNull(path) != null;
    }

    private boolean isDirectory(String path) throws IOException {
        Attributes attributes = statOrNull(path);
        return attributes != null && attributes.isDirectory();
    }

    private Attributes statOrNull(String path) throws IOException {
        try {
            return connection.channel().stat(path);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw e;
        }
    }

    /** A missing file in a missing repository says so: the usual cause is a wrong path in the URL. */
    private StorageException failure(String op, String file, IOException e) throws IOException {
        StorageException classified = SftpErrors.classify(location, op, file, e);
        if (classified instanceof StorageException.NotFound && !isDirectory(url.path())) {
            return missingRoot(op, file, e);
        }
        return classified;
    }

    private StorageException missingRoot(String op, String file, IOException cause) {
        return new StorageException.NotFound(location + ": " + op + " " + file + ": the repository directory "
                + url.path() + " does not exist on " + url.host() + "; check the path, or initialise a repository "
                + "there first", cause);
    }

    private String relative(Handle handle) throws StorageException {
        return SftpLayout.relative(location, handle);
    }
}
