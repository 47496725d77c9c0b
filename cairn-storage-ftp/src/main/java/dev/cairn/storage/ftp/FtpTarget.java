package dev.cairn.storage.ftp;

import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and as whom to connect, from {@code ftp://user@host[:port]/path} or {@code ftps://…}. The path is relative
 * to the user's login directory, as curl and lftp read FTP URLs ({@code ftp://u@h/%2Fsrv/backup} for the absolute
 * {@code /srv/backup}). The password never comes from the URL: it is {@code CAIRN_FTP_PASSWORD}, else the netrc
 * file named by {@code -o ftp.netrc=FILE}, else {@code ~/.netrc}.
 *
 * @param tls      none for {@code ftp:}, explicit ({@code AUTH TLS}) or implicit for {@code ftps:}
 * @param path     the repository directory: relative to the login directory, or absolute if it starts with /
 */
record FtpTarget(Tls tls, String host, int port, String user, String password, String path) {

    enum Tls { NONE, EXPLICIT, IMPLICIT }

    static FtpTarget parse(String scheme, String rest, StorageSettings settings) throws IOException {
        URI uri;
        try {
            uri = new URI(scheme + ":" + rest);
        } catch (URISyntaxException e) {
            throw usage(scheme, e.getMessage());
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw usage(scheme, "no host");
        }
        String info = uri.getRawUserInfo();
        if (info != null && info.contains(":")) {
            throw new IllegalArgumentException("the " + scheme + ": URL must not contain the password (it would "
                    + "show in process lists and shell history); give it in CAIRN_FTP_PASSWORD or a netrc file "
                    + "(-o ftp.netrc=FILE), and write the URL as " + scheme + "://user@" + uri.getHost() + "/path");
        }
        Tls tls = switch (scheme) {
            case "ftp" -> Tls.NONE;
            case "ftps" -> settings.option("ftp.implicit-tls").map(Boolean::parseBoolean).orElse(false)
                    ? Tls.IMPLICIT : Tls.EXPLICIT;
            default -> throw usage(scheme, "unknown scheme");
        };
        int port = uri.getPort() > 0 ? uri.getPort() : tls == Tls.IMPLICIT ? 990 : 21;
        String user = info == null ? null : URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8);
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        String path = URLDecoder.decode(rawPath.replace("+", "%2B").replaceFirst("^/", ""), StandardCharsets.UTF_8);
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String password = settings.env("CAIRN_FTP_PASSWORD").orElse(null);
        if (password == null) {
            Optional<Netrc.Entry> entry = netrc(settings).flatMap(n -> n.find(uri.getHost(), user));
            if (entry.isPresent()) {
                password = entry.get().password();
                if (user == null) {
                    return new FtpTarget(tls, uri.getHost(), port, entry.get().login(), password, path);
                }
            }
        }
        if (user == null) {
            return new FtpTarget(tls, uri.getHost(), port, "anonymous", password == null ? "cairn@" : password, path);
        }
        return new FtpTarget(tls, uri.getHost(), port, user, password, path);
    }

    private static Optional<Netrc> netrc(StorageSettings settings) throws IOException {
        Optional<String> named = settings.option("ftp.netrc");
        Path file = named.map(Path::of).orElseGet(() ->
                settings.env("HOME").map(home -> Path.of(home, ".netrc")).orElse(null));
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Netrc.read(file));
        } catch (NoSuchFileException e) {
            if (named.isPresent()) {
                throw new StorageException.Permanent("ftp.netrc: the netrc file " + file + " does not exist", e);
            }
            return Optional.empty();
        }
    }

    private static IllegalArgumentException usage(String scheme, String why) {
        return new IllegalArgumentException("invalid " + scheme + ": repository URL (" + why + "); expected "
                + scheme + "://user@host[:port]/path, e.g. " + scheme + "://backup@ftp.example.com/site");
    }

    /** As users see it, without the password. */
    String location() {
        String shownPort = port == (tls == Tls.IMPLICIT ? 990 : 21) ? "" : ":" + port;
        return (tls == Tls.NONE ? "ftp" : "ftps") + "://" + user + "@" + host + shownPort + "/" + path;
    }

    @Override
    public String toString() {
        return location();
    }
}
