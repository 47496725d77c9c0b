package dev.cairn.storage.ftp;

import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/** Directory listing (MLSD, else LIST) and making directories with their parents. */
final class FtpDirectories {

    private FtpDirectories() {
    }

    /** The entries of {@code dir}; a missing directory has none. */
    static List<FTPFile> list(FTPClient c, String dir, String location) throws IOException {
        FTPFile[] files = c.mlistDir(dir);
        int code = c.getReplyCode();
        if (code == 500 || code == 502 || code == 504) {
            // No MLSD (an old server): LIST, parsed by Commons Net's guess of the server's format.
            files = c.listFiles(dir);
            code = c.getReplyCode();
        }
        if (code == 550 || code == 450) {
            return List.of();
        }
        if (!FTPReply.isPositiveCompletion(code)) {
            throw FtpReplies.failure(location, "list", dir, c, "listing the directory failed");
        }
        return java.util.Arrays.stream(files).filter(java.util.Objects::nonNull)
                .filter(f -> !f.getName().equals(".") && !f.getName().equals("..")).toList();
    }

    /** Makes {@code path} and its missing parents (relative to the login directory, or absolute). */
    static void make(FTPClient c, String path, String location) throws IOException {
        String home = null;
        StringBuilder prefix = new StringBuilder(path.startsWith("/") ? "/" : "");
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            prefix.append(prefix.isEmpty() || prefix.charAt(prefix.length() - 1) == '/' ? "" : "/").append(part);
            String dir = prefix.toString();
            if (c.makeDirectory(dir)) {
                continue;
            }
            // MKD fails for a directory that exists (or was just made by another connection): check by entering it.
            if (home == null) {
                home = c.printWorkingDirectory();
            }
            if (!c.changeWorkingDirectory(dir)) {
                c.makeDirectory(dir);
                throw FtpReplies.failure(location, "mkdir", dir, c, "cannot make the directory; check the path "
                        + "and the FTP user's permissions there");
            }
            if (home == null || !c.changeWorkingDirectory(home)) {
                throw new StorageException.Transient(location + ": mkdir " + dir + ": cannot return to the login "
                        + "directory " + home, null);
            }
        }
    }
}
