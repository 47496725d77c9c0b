package dev.cairn.storage.gcs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * restic's Google Cloud Storage URL, {@code gs:bucket:/prefix} (the part after {@code gs:} is parsed here).
 *
 * @param bucket the bucket name
 * @param prefix the repository's folder in the bucket, without leading or trailing slash; empty for the root
 */
record GcsUrl(String bucket, String prefix) {

    static final String FORM = "gs:bucket:/prefix";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    static GcsUrl parse(String rest) {
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw invalid(rest, "no ':' between bucket and path");
        }
        String bucket = rest.substring(0, colon);
        if (!BUCKET.matcher(bucket).matches()) {
            throw invalid(rest, "'" + bucket + "' is not a valid bucket name (3 to 222 lower-case letters, digits, "
                    + "'.', '-', '_')");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rest.substring(colon + 1).split("/")) {
            if (segment.equals("..")) {
                throw invalid(rest, "'..' in the path");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return new GcsUrl(bucket, String.join("/", segments));
    }

    /** The object name of {@code relative} (e.g. {@code data/ab/ab12…}) in the bucket. */
    String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    @Override
    public String toString() {
        return "gs:" + bucket + ":/" + prefix;
    }

    private static IllegalArgumentException invalid(String rest, String why) {
        return new IllegalArgumentException("invalid gs URL 'gs:" + rest + "': " + why + "; expected " + FORM);
    }
}
