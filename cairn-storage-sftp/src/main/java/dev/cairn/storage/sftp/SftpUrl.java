package dev.cairn.storage.sftp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * An SFTP repository URL in restic's two spellings ({@code internal/backend/sftp/config.go}):
 * {@code sftp:user@host:/absolute/path} (or {@code host:relative}) and {@code sftp://user@host[:port]/relative}
 * ({@code //absolute}). A relative path is relative to the login directory, as servers interpret it.
 *
 * @param user login name, empty when the URL has none (then the local user name is used)
 * @param host host name or address
 * @param port port, or 0 for the SSH default
 * @param path cleaned directory path ({@code .} for the login directory)
 */
record SftpUrl(String user, String host, int port, String path) {

    static final String FORMS = "sftp:user@host:/path or sftp://user@host[:port]/path";

    /** @param rest the URL after {@code sftp:} */
    static SftpUrl parse(String rest) {
        String user;
        String host;
        int port = 0;
        String dir;
        if (rest.startsWith("//")) {
            URI uri;
            try {
                uri = new URI("sftp:" + rest);
            } catch (URISyntaxException e) {
                throw invalid(rest, e.getMessage());
            }
            if (uri.getHost() == null) {
                throw invalid(rest, "no host");
            }
            user = Optional.ofNullable(uri.getUserInfo()).map(u -> u.split(":", 2)[0]).orElse("");
            if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
                // Not echoing the URL: it holds the password.
                throw new IllegalArgumentException("invalid SFTP location for user '" + user + "' on " + uri.getHost()
                        + ": passwords never go into the URL (it shows in process lists and logs); set "
                        + "CAIRN_SFTP_PASSWORD instead");
            }
            host = uri.getHost();
            port = Math.max(uri.getPort(), 0);
            String p = uri.getRawPath();
            if (p == null || p.isEmpty()) {
                throw invalid(rest, "no directory");
            }
            dir = uri.getPath().substring(1);
        } else {
            int colon = rest.indexOf(':');
            if (colon < 0) {
                throw invalid(rest, "host or path missing");
            }
            String userHost = rest.substring(0, colon);
            dir = rest.substring(colon + 1);
            int at = userHost.lastIndexOf('@');
            user = at < 0 ? "" : userHost.substring(0, at);
            host = userHost.substring(at + 1);
        }
        if (host.isEmpty()) {
            throw invalid(rest, "no host");
        }
        String cleaned = clean(dir);
        if (cleaned.startsWith("~")) {
            throw invalid(rest, "the path starts with '~', which most SFTP servers do not expand; use a relative "
                    + "path (relative to the login directory) instead");
        }
        return new SftpUrl(user, host, port, cleaned);
    }

    int portOrDefault() {
        return port == 0 ? 22 : port;
    }

    /** The repository's root joined with a relative name. */
    String resolve(String relative) {
        return path.equals(".") ? relative : path.endsWith("/") ? path + relative : path + "/" + relative;
    }

    /** Go's path.Clean: collapses slashes and dot segments; "" becomes ".". */
    static String clean(String p) {
        boolean absolute = p.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!absolute) {
                    parts.addLast(part);
                }
            } else {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    @Override
    public String toString() {
        String who = user.isEmpty() ? host : user + "@" + host;
        return port == 0 ? "sftp:" + who + ":" + path : "sftp://" + who + ":" + port + "/" + path;
    }

    private static IllegalArgumentException invalid(String rest, String why) {
        return new IllegalArgumentException("invalid SFTP location 'sftp:" + rest + "': " + why + " (expected "
                + FORMS + ")");
    }
}
