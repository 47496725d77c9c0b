package dev.cairn.snapshots.fs;

import dev.cairn.repository.ExtendedAttribute;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/**
 * Extended attributes in the {@code user.} namespace, the only one Java's {@link UserDefinedFileAttributeView}
 * exposes (it strips the prefix, restic keeps it, so we add it back). Like restic, a file system without xattr
 * support yields no attributes instead of an error.
 */
final class Xattrs {

    static final String USER_PREFIX = "user.";

    private Xattrs() {
    }

    static List<ExtendedAttribute> read(Path p) throws IOException {
        UserDefinedFileAttributeView view = view(p);
        if (view == null) {
            return List.of();
        }
        List<ExtendedAttribute> out = new ArrayList<>();
        try {
            for (String name : view.list()) {
                ByteBuffer buf = ByteBuffer.allocate(view.size(name));
                view.read(name, buf);
                out.add(new ExtendedAttribute(USER_PREFIX + name, java.util.Arrays.copyOf(buf.array(),
                        buf.position())));
            }
        } catch (FileSystemException e) {
            if (notSupported(e)) {
                return List.of();
            }
            throw new IOException("cannot read extended attributes of '" + p + "': " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes the {@code user.*} attributes; returns the names of those it had to skip. */
    static List<String> write(Path p, List<ExtendedAttribute> attrs) throws IOException {
        List<String> skipped = new ArrayList<>();
        UserDefinedFileAttributeView view = attrs.isEmpty() ? null : view(p);
        for (ExtendedAttribute a : attrs) {
            if (view == null || !a.name().startsWith(USER_PREFIX)) {
                skipped.add(a.name());
                continue;
            }
            try {
                view.write(a.name().substring(USER_PREFIX.length()), ByteBuffer.wrap(a.value()));
            } catch (FileSystemException e) {
                if (!notSupported(e)) {
                    throw new IOException("cannot set extended attribute " + a.name() + " on '" + p + "': "
                            + e.getMessage(), e);
                }
                skipped.add(a.name());
            }
        }
        return skipped;
    }

    private static UserDefinedFileAttributeView view(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    // restic's handleXattrErr ignores ENOTSUP (and ENOATTR); the JDK reports ENOTSUP only by its message.
    private static boolean notSupported(FileSystemException e) {
        String reason = e.getReason();
        return reason != null && (reason.contains("not supported") || reason.contains("No data available"));
    }
}
