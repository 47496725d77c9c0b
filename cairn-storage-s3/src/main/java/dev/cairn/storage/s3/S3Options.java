package dev.cairn.storage.s3;

import dev.cairn.storage.FileType;
import dev.cairn.storage.StorageSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code -o s3.*} options and region, validated. A misspelt option is an error rather than silently ignored,
 * since a backup that quietly lacks the encryption or storage class the user asked for is worse than no backup run.
 *
 * @param region signing region (and, on AWS, where the bucket is created)
 * @param pathStyle {@code http://host/bucket/key} addressing instead of {@code http://bucket.host/key}
 * @param storageClasses the storage class per file type; types without one get the bucket's default
 * @param sse server-side encryption ({@code AES256} or {@code aws:kms}), if asked for
 * @param kmsKeyId the KMS key for {@code aws:kms}; empty means the account's default key
 * @param connections the most requests in flight at once (the HTTP connection pool's size)
 * @param partSize bytes per part of a multipart upload
 * @param multipartThreshold files of at least this many bytes are uploaded in parts
 * @param timeout how long a connection may stay silent (no byte of a reply) before the attempt fails
 *     as a transient fault; an upload also fails once it is slower than {@link #MIN_UPLOAD_RATE} on top of it
 */
record S3Options(String region, boolean pathStyle, Map<FileType, String> storageClasses, Optional<String> sse,
        Optional<String> kmsKeyId, int connections, long partSize, long multipartThreshold, Duration timeout) {

    static final int DEFAULT_CONNECTIONS = 5;
    /** Bytes per second an upload must keep up, else it is cut off (see {@link #uploadTimeout}). */
    static final long MIN_UPLOAD_RATE = 16 * 1024;
    private static final long MIB = 1L << 20;
    private static final String DEFAULT_REGION = "us-east-1";
    private static final Set<String> SCALAR_OPTIONS = Set.of("region", "path-style", "bucket-lookup", "storage-class",
            "sse", "sse-kms-key-id", "connections", "part-size", "multipart-threshold", "timeout");

    S3Options {
        storageClasses = Map.copyOf(storageClasses);
    }

    /** Reads the options of {@code settings} for a repository at {@code url}. */
    static S3Options from(StorageSettings settings, S3Url url) {
        rejectUnknown(settings);
        String region = settings.option("s3.region").filter(s -> !s.isBlank())
                .or(() -> settings.env("AWS_DEFAULT_REGION"))
                .or(() -> settings.env("AWS_REGION"))
                .or(url::hostRegion)
                .orElse(DEFAULT_REGION);
        Optional<String> sse = settings.option("s3.sse").map(S3Options::sse);
        Optional<String> kmsKey = settings.option("s3.sse-kms-key-id").filter(s -> !s.isBlank());
        if (kmsKey.isPresent() && !sse.equals(Optional.of("aws:kms"))) {
            throw new IllegalArgumentException("option s3.sse-kms-key-id needs s3.sse=aws:kms");
        }
        long partSize = settings.intOption("s3.part-size", 16, 5, 5 * 1024) * MIB;
        long threshold = settings.intOption("s3.multipart-threshold", 64, 5, 5 * 1024) * MIB;
        return new S3Options(region, pathStyle(settings, url), storageClasses(settings), sse, kmsKey,
                settings.intOption("s3.connections", DEFAULT_CONNECTIONS, 1, 256), partSize, threshold,
                Duration.ofSeconds(settings.intOption("s3.timeout", 60, 1, 3600)));
    }

    /**
     * The longest an upload of {@code bytes} may take. A read timeout cannot see a stalled upload: a blocked socket
     * write has no timeout in Java, so a server that stops reading mid-body would hang the request for ever. This
     * bound (the timeout plus the body at 16 KiB/s) fails it instead, yet lets a slow link finish a big part.
     */
    Duration uploadTimeout(long bytes) {
        return timeout.plusSeconds(bytes / MIN_UPLOAD_RATE);
    }

    Optional<String> storageClass(FileType type) {
        return Optional.ofNullable(storageClasses.get(type));
    }

    /** restic's {@code s3.bucket-lookup} (auto, path, dns) and the plainer {@code s3.path-style=true|false}. */
    private static boolean pathStyle(StorageSettings settings, S3Url url) {
        Optional<String> explicit = settings.option("s3.path-style");
        Optional<String> lookup = settings.option("s3.bucket-lookup");
        if (explicit.isPresent() && lookup.isPresent()) {
            throw new IllegalArgumentException("give either s3.path-style or s3.bucket-lookup, not both");
        }
        if (explicit.isPresent()) {
            return switch (explicit.get().strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException("option s3.path-style must be true or false, got '"
                        + explicit.get() + "'");
            };
        }
        return switch (lookup.orElse("auto").strip().toLowerCase(Locale.ROOT)) {
            // MinIO, Ceph, S3Proxy and most self-hosted servers only know path-style; AWS prefers virtual hosts.
            case "auto" -> !url.isAws();
            case "path" -> true;
            case "dns" -> false;
            default -> throw new IllegalArgumentException("option s3.bucket-lookup must be auto, path or dns, got '"
                    + lookup.get() + "'");
        };
    }

    /** {@code s3.storage-class} for every file, {@code s3.storage-class.<dir>} (e.g. {@code .data}) per type. */
    private static Map<FileType, String> storageClasses(StorageSettings settings) {
        Map<FileType, String> classes = new EnumMap<>(FileType.class);
        Optional<String> all = settings.option("s3.storage-class").map(String::strip).filter(s -> !s.isEmpty());
        for (FileType type : FileType.values()) {
            settings.option("s3.storage-class." + type.dirName()).map(String::strip).filter(s -> !s.isEmpty())
                    .or(() -> all)
                    .ifPresent(c -> classes.put(type, c.toUpperCase(Locale.ROOT)));
        }
        return classes;
    }

    private static String sse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "aes256" -> "AES256";
            case "aws:kms", "kms" -> "aws:kms";
            default -> throw new IllegalArgumentException("option s3.sse must be AES256 or aws:kms, got '" + value
                    + "'");
        };
    }

    private static void rejectUnknown(StorageSettings settings) {
        Set<String> known = new TreeSet<>();
        SCALAR_OPTIONS.forEach(o -> known.add("s3." + o));
        for (FileType type : FileType.values()) {
            known.add("s3.storage-class." + type.dirName());
        }
        for (String name : settings.options().keySet()) {
            if (name.startsWith("s3.") && !known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for the s3 backend (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }
}
