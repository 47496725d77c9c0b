package dev.cairn.storage.rest;

import dev.cairn.storage.StorageSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a REST server is and who we are to it. {@code base} always ends with {@code /} and never carries user
 * information; the credentials are kept apart so that {@link #toString()} and {@link #redacted()} can never leak
 * them into logs or error messages.
 *
 * @param base     e.g. {@code http://127.0.0.1:8000/repo/}
 * @param username HTTP basic user, or {@code null} for none
 * @param password HTTP basic password, or {@code null}
 */
public record RestEndpoint(URI base, String username, String password) {

    public RestEndpoint {
        Objects.requireNonNull(base, "base");
        if (base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the base URI must not carry credentials; pass them separately");
        }
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("REST server URL must start with http:// or https://, got " + scheme);
        }
        if (!base.getRawPath().endsWith("/")) {
            base = URI.create(base.toString() + "/");
        }
        if (username == null) {
            password = null;
        }
    }

    /**
     * Parses what follows {@code rest:} in a repository URL, as restic does: {@code http(s)://[user:pass@]host:port/path}.
     * Credentials in the URL (restic's habit) win over {@code RESTIC_REST_USERNAME}/{@code RESTIC_REST_PASSWORD}
     * (or their {@code CAIRN_} names) from the environment.
     */
    public static RestEndpoint parse(String url, StorageSettings settings) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw usage(url, e.getMessage());
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw usage(url, "expected http(s)://[user:pass@]host[:port]/path");
        }
        String user = null;
        String pass = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            pass = colon < 0 ? null : decode(info.substring(colon + 1));
        } else {
            user = env(settings, "REST_USERNAME");
            pass = env(settings, "REST_PASSWORD");
        }
        try {
            URI base = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(),
                    uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath(), null, null);
            return new RestEndpoint(base, user, pass);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw usage(url, e.getMessage());
        }
    }

    private static String env(StorageSettings settings, String name) {
        return settings.env("CAIRN_" + name).or(() -> settings.env("RESTIC_" + name)).orElse(null);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException usage(String url, String why) {
        // The URL may hold a password: show only its form, never the value the user typed.
        return new IllegalArgumentException("invalid REST repository URL (" + why + "); expected "
                + "rest:http(s)://[user:pass@]host[:port]/path, e.g. rest:https://backup.example.com:8000/site/"
                + (url.contains("@") ? "" : " (got rest:" + url + ")"));
    }

    /** The URL with the password replaced by {@code ***}, as restic prints it. */
    public String redacted() {
        if (username == null) {
            return base.toString();
        }
        String userPart = java.net.URLEncoder.encode(username, StandardCharsets.UTF_8) + (password == null ? "" : ":***");
        return base.getScheme() + "://" + userPart + "@" + base.getRawAuthority() + base.getRawPath();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
