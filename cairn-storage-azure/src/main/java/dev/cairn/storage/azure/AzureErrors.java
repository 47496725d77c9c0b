package dev.cairn.storage.azure;

import com.azure.storage.blob.models.BlobStorageException;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Classifies Azure failures by HTTP status: 404 is not found, 408/429/5xx and network errors are transient, other
 * 4xx (authentication, permission, conflicts) are permanent. Messages name the location, operation and blob.
 */
final class AzureErrors {

    private AzureErrors() {
    }

    static StorageException classify(String location, String op, String file, Throwable e) {
        if (e instanceof StorageException se) {
            return se;
        }
        if (e instanceof UncheckedIOException u && u.getCause() instanceof StorageException se) {
            return se;
        }
        String prefix = location + ": " + op + " " + file + ": ";
        BlobStorageException blob = find(e);
        if (blob != null) {
            int status = blob.getStatusCode();
            String code = blob.getErrorCode() == null ? "HTTP " + status : blob.getErrorCode() + ", HTTP " + status;
            if (status == 404) {
                String what = "ContainerNotFound".equals(String.valueOf(blob.getErrorCode()))
                        ? "the container does not exist" : "no such blob";
                return new StorageException.NotFound(prefix + what + " (" + code + ")", e);
            }
            if (status == 408 || status == 429 || status >= 500) {
                return new StorageException.Transient(prefix + "the service is busy or failing (" + code + ")", e);
            }
            if (status == 401 || status == 403) {
                return new StorageException.Permanent(prefix + "access denied (" + code + "); check AZURE_ACCOUNT_NAME "
                        + "and AZURE_ACCOUNT_KEY, the SAS token in AZURE_ACCOUNT_SAS (its permissions and expiry), "
                        + "or AZURE_STORAGE_CONNECTION_STRING", e);
            }
            return new StorageException.Permanent(prefix + "refused by the service (" + code + ")", e);
        }
        if (isNetwork(e)) {
            return new StorageException.Transient(prefix + "connection problem (" + reason(e) + ")", e);
        }
        // Not the network and not the service: a local fault (bad setting, SDK misuse) that retrying cannot fix.
        return new StorageException.Permanent(prefix + reason(e), e);
    }

    private static boolean isNetwork(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} is an HTTP error with this status. */
    static boolean hasStatus(Throwable e, int status) {
        BlobStorageException blob = find(e);
        return blob != null && blob.getStatusCode() == status;
    }

    private static BlobStorageException find(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof BlobStorageException b) {
                return b;
            }
        }
        return null;
    }

    static String reason(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage().lines().findFirst().orElse("");
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Unwraps the SDK's unchecked wrapping of stream errors for callers reading a blob. */
    static IOException ioCause(RuntimeException e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e);
    }
}
