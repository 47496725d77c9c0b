package dev.cairn.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 failures are worth retrying, and what the messages tell the user. */
class S3ErrorsTest {

    private static final String LOCATION = "s3:http://127.0.0.1:9000/bucket/repo";

    @Test
    void notFound() {
        assertThat(classify(service(404, "NoSuchKey"))).isInstanceOf(StorageException.NotFound.class);
        assertThat(classify(service(404, null))).isInstanceOf(StorageException.NotFound.class);
        assertThat(classify(service(404, "NoSuchBucket"))).isInstanceOf(StorageException.NotFound.class)
                .hasMessageContaining("bucket does not exist").hasMessageContaining("cairn init");
    }

    @Test
    void busyOrFailingServersAreTransient() {
        for (int status : new int[] {500, 502, 503, 504, 429, 408}) {
            assertThat(classify(service(status, null))).as("HTTP %d", status)
                    .isInstanceOf(StorageException.Transient.class);
        }
        assertThat(classify(service(400, "RequestTimeout"))).isInstanceOf(StorageException.Transient.class);
        assertThat(classify(service(503, "SlowDown"))).isInstanceOf(StorageException.Transient.class);
        assertThat(classify(client(new ConnectException("Connection refused"))))
                .isInstanceOf(StorageException.Transient.class).hasMessageContaining("connection failed");
        assertThat(classify(client(new SocketTimeoutException("Read timed out"))))
                .isInstanceOf(StorageException.Transient.class);
        assertThat(classify(client(new IOException("Connection reset"))))
                .isInstanceOf(StorageException.Transient.class);
    }

    @Test
    void permanentFaultsSayWhatToDo() {
        assertThat(classify(service(403, "InvalidAccessKeyId"))).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("rejected the credentials").hasMessageContaining("AWS_ACCESS_KEY_ID");
        assertThat(classify(service(403, "AccessDenied"))).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("access denied");
        assertThat(classify(service(400, "AuthorizationHeaderMalformed"))).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("-o s3.region");
        assertThat(classify(service(501, "NotImplemented"))).isInstanceOf(StorageException.Permanent.class);
        assertThat(classify(service(400, "InvalidStorageClass"))).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("InvalidStorageClass");
        assertThat(classify(client(new UnknownHostException("nowhere.invalid"))))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("nowhere.invalid");
        assertThat(classify(SdkClientException.create("Unable to load credentials from any of the providers")))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("AWS_PROFILE");
    }

    @Test
    void messagesNameLocationOperationAndObject() {
        assertThat(classify(service(500, "InternalError"))).hasMessageStartingWith(LOCATION + ": save data/ab/ab12: ");
    }

    @Test
    void contentThatFailsIsPermanentAndInterruptsStayInterrupts() {
        SdkException source = SdkClientException.create("upload failed",
                new java.io.UncheckedIOException(new dev.cairn.storage.ContentFailure("disk error", null)));
        assertThat(classify(source)).isInstanceOf(StorageException.Permanent.class)
                .hasMessageContaining("reading the content to save failed: disk error");
        assertThat(classify(client(new InterruptedIOException("interrupted"))))
                .isInstanceOf(InterruptedIOException.class).isNotInstanceOf(StorageException.class);
    }

    private static IOException classify(SdkException e) {
        return S3Errors.classify(LOCATION, "save", "data/ab/ab12", e);
    }

    private static SdkException service(int status, String code) {
        return S3Exception.builder().statusCode(status).message("from the server")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("detail").build()).build();
    }

    private static SdkException client(Throwable cause) {
        return SdkClientException.create("request failed", cause);
    }
}
