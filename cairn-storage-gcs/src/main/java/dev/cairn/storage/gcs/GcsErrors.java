package dev.cairn.storage.gcs;

import dev.cairn.storage.ContentFailure;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;

/** Classifies what the Google client throws, with messages naming location, operation and object. */
final class GcsErrors {

    private GcsErrors() {
    }

    static IOException classify(String location, String op, String object, RuntimeException e) {
        String where = location + ": " + op + " " + object + ": ";
        ContentFailure content = ContentFailure.in(e);
        if (content != null) {
            return content.toStorageException(where, e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return new StorageException.Permanent(where + "unknown host " + t.getMessage(), e);
            }
            if (t instanceof InterruptedException || t.getClass() == InterruptedIOException.class) {
                InterruptedIOException interrupted = new InterruptedIOException(where + "interrupted");
                interrupted.initCause(e);
                return interrupted;
            }
        }
        if (!(e instanceof com.google.cloud.storage.StorageException se)) {
            return new StorageException.Permanent(where + e, e);
        }
        int code = se.getCode();
        String detail = " (HTTP " + code + (se.getReason() == null ? "" : ", " + se.getReason()) + "): "
                + se.getMessage();
        if (code == 404) {
            return new StorageException.NotFound(where + "not found" + detail, e);
        }
        if (code == 401) {
            return new StorageException.Permanent(where + "the credentials were rejected" + detail + "; check "
                    + "GOOGLE_APPLICATION_CREDENTIALS (a service account key file) or GOOGLE_ACCESS_TOKEN", e);
        }
        if (code == 403) {
            return new StorageException.Permanent(where + "access denied" + detail + "; the service account needs "
                    + "roles/storage.objectAdmin on the bucket (and storage.buckets.create for init)", e);
        }
        // 501 Not Implemented is an answer, not a hiccup: the server lacks the feature.
        if (code == 408 || code == 429 || code >= 500 && code != 501 || code == 0 && hasIoCause(e)
                || se.isRetryable() && code != 501) {
            return new StorageException.Transient(where + "the service is busy or the connection failed" + detail, e);
        }
        return new StorageException.Permanent(where + "the request was refused" + detail, e);
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
