package dev.cairn.storage.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an S3 repository lives, parsed from restic's URL forms: {@code s3:http(s)://host[:port]/bucket[/prefix]}
 * (any S3-compatible server), {@code s3:s3.amazonaws.com/bucket[/prefix]} (AWS; also a regional host such as
 * {@code s3.eu-west-1.amazonaws.com}) and {@code s3://host/bucket[/prefix]}.
 *
 * @param endpoint the server, {@code scheme://host[:port]}; empty for AWS, whose endpoint the SDK derives from the
 *     region
 * @param hostRegion the region named by an AWS regional host name, if any
 * @param bucket the bucket name
 * @param prefix the repository's folder inside the bucket, without leading or trailing slash; empty for the root
 */
record S3Url(Optional<URI> endpoint, Optional<String> hostRegion, String bucket, String prefix) {

    static final String FORMS = "s3:http(s)://host[:port]/bucket[/prefix] or s3:s3.amazonaws.com/bucket[/prefix]";

    private static final Pattern AWS_HOST = Pattern.compile("s3(?:[.-]([a-z0-9-]+))?\\.amazonaws\\.com");
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,254}");

    /** Parses what follows {@code s3:} in a repository URL. */
    static S3Url parse(String rest) {
        if (rest.startsWith("http://") || rest.startsWith("https://")) {
            URI uri = uri(rest);
            if (uri.getRawUserInfo() != null) {
                // The URL is not repeated: it holds a secret that must not reach logs or terminals.
                throw new IllegalArgumentException("the s3 URL contains credentials (user:password@host): put them "
                        + "in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead, never in the URL");
            }
            if (uri.getHost() == null) {
                throw invalid(rest, "no host");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            return fromHostAndPath(rest, uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), uri.getPort(), path);
        }
        String s = rest.startsWith("//") ? rest.substring(2) : rest;
        int slash = s.indexOf('/');
        if (slash <= 0) {
            throw invalid(rest, "no bucket");
        }
        URI hostPort = uri("https://" + s.substring(0, slash));
        if (hostPort.getHost() == null || hostPort.getRawUserInfo() != null) {
            throw invalid(rest, "bad host '" + s.substring(0, slash) + "'");
        }
        return fromHostAndPath(rest, "https", hostPort.getHost(), hostPort.getPort(), s.substring(slash));
    }

    private static S3Url fromHostAndPath(String rest, String scheme, String host, int port, String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw invalid(rest, "'..' in the path");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw invalid(rest, "no bucket");
        }
        String bucket = segments.getFirst();
        if (!BUCKET.matcher(bucket).matches()) {
            throw invalid(rest, "'" + bucket + "' is not a valid bucket name (3 to 255 letters, digits, '.', '-', '_')");
        }
        String prefix = String.join("/", segments.subList(1, segments.size()));
        Matcher aws = AWS_HOST.matcher(host.toLowerCase(Locale.ROOT));
        if (aws.matches() && port < 0 && scheme.equals("https")) {
            return new S3Url(Optional.empty(), Optional.ofNullable(aws.group(1)), bucket, prefix);
        }
        URI endpoint = uri(scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + (port >= 0 ? ":" + port : ""));
        return new S3Url(Optional.of(endpoint), Optional.empty(), bucket, prefix);
    }

    /** True for Amazon's own service, where virtual-host addressing and regional endpoints apply. */
    boolean isAws() {
        return endpoint.isEmpty();
    }

    /** The object key of {@code relative} (e.g. {@code data/ab/ab12…}) in the bucket. */
    String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /** The URL as the user would write it; it never holds secrets. */
    @Override
    public String toString() {
        String base = endpoint.map(URI::toString).orElse("s3.amazonaws.com");
        return "s3:" + base + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid s3 URL 's3:" + s + "': " + e.getReason() + "; expected " + FORMS,
                    e);
        }
    }

    private static IllegalArgumentException invalid(String rest, String why) {
        return new IllegalArgumentException("invalid s3 URL 's3:" + rest + "': " + why + "; expected " + FORMS);
    }
}
