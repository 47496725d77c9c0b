package dev.cairn.storage.s3;

import dev.cairn.storage.ContentFailure;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws into the {@link StorageException} classes the retry decorator and the CLI act on, with a
 * message naming the location, operation and object and saying what to do.
 */
final class S3Errors {

    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable",
            "RequestLimitExceeded", "TooManyRequestsException", "OperationAborted", "BandwidthLimitExceeded");
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "InvalidSecurity");
    private static final Set<String> REGION_CODES = Set.of("AuthorizationHeaderMalformed", "PermanentRedirect",
            "IllegalLocationConstraintException", "InvalidRegion");

    private S3Errors() {
    }

    /** A failure of {@code op} on {@code object} (a key relative to the repository, or "bucket"). */
    static IOException classify(String location, String op, String object, SdkException e) {
        String where = location + ": " + op + " " + object + ": ";
        ContentFailure content = ContentFailure.in(e);
        if (content != null) {
            // The caller's content failed, not the server: retrying the server cannot help.
            return content.toStorageException(where, e);
        }
        if (timedOut(e)) {
            // Checked before interrupts: the SDK enforces the attempt timeout by aborting the request.
            return new StorageException.Transient(where + "the server stopped answering or the transfer was too slow "
                    + "(see -o s3.timeout): " + e.getMessage(), e);
        }
        if (interrupted(e)) {
            InterruptedIOException interrupted = new InterruptedIOException(where + "interrupted");
            interrupted.initCause(e);
            return interrupted;
        }
        if (e instanceof AwsServiceException service) {
            return fromService(where, service);
        }
        return fromClient(where, e);
    }

    private static IOException fromService(String where, AwsServiceException e) {
        int status = e.statusCode();
        // HEAD responses have no body, hence no error code.
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
        String detail = " (HTTP " + status + (code.isEmpty() ? "" : ", " + code) + ")";
        if ("NoSuchBucket".equals(code)) {
            return new StorageException.NotFound(where + "the bucket does not exist" + detail
                    + "; check the URL, or create the repository with 'cairn init'", e);
        }
        if (status == 404) {
            return new StorageException.NotFound(where + "not found" + detail, e);
        }
        // 501 Not Implemented is an answer, not a hiccup: the server lacks the feature.
        if (status == 408 || status == 429 || status >= 500 && status != 501 || TRANSIENT_CODES.contains(code)
                || e.isThrottlingException()) {
            return new StorageException.Transient(where + "the server is busy or failed" + detail + ": "
                    + message(e), e);
        }
        if (CREDENTIAL_CODES.contains(code)) {
            return new StorageException.Permanent(where + "the server rejected the credentials" + detail + "; check "
                    + "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)", e);
        }
        if (REGION_CODES.contains(code) || status == 301) {
            return new StorageException.Permanent(where + "the bucket is in another region than the one requests are "
                    + "signed for" + detail + "; set -o s3.region=REGION or AWS_DEFAULT_REGION: " + message(e), e);
        }
        if (status == 403) {
            return new StorageException.Permanent(where + "access denied" + detail + "; check the credentials "
                    + "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or AWS_PROFILE) and that they may "
                    + "use this bucket", e);
        }
        if ("RequestTimeTooSkewed".equals(code)) {
            return new StorageException.Permanent(where + "this machine's clock is too far from the server's" + detail
                    + "; fix the clock (e.g. with NTP)", e);
        }
        return new StorageException.Permanent(where + "the server refused the request" + detail + ": " + message(e), e);
    }

    private static IOException fromClient(String where, SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return new StorageException.Permanent(where + "unknown host " + t.getMessage() + "; check the "
                        + "repository URL", e);
            }
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("Unable to load credentials") || text.contains("Unable to load region")) {
            return new StorageException.Permanent(where + "no credentials found; set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where an instance role applies (" + text + ")", e);
        }
        if (ioCause(e) || e.retryable()) {
            // Connection refused or reset, timeouts, a full connection pool: the next attempt may well succeed.
            return new StorageException.Transient(where + "connection failed: " + text, e);
        }
        return new StorageException.Permanent(where + text, e);
    }

    private static String message(AwsServiceException e) {
        String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return m == null || m.isBlank() ? String.valueOf(e.getMessage()) : m;
    }

    private static boolean ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Subclasses of InterruptedIOException (socket and connect timeouts) are timeouts, not interrupts.
            if (t instanceof AbortedException || t instanceof InterruptedException
                    || t.getClass() == InterruptedIOException.class
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }
}
