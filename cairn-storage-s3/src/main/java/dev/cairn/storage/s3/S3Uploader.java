package dev.cairn.storage.s3;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.ContentFailure;
import dev.cairn.storage.FileType;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Writes one object, atomically either way: a single PUT below the multipart threshold (S3 shows an object only
 * once its PUT completed), else a multipart upload, which shows nothing until it is completed and is aborted on any
 * failure so no parts linger (and cost) in the bucket. Every request carries Content-MD5, so the server refuses a
 * body damaged on the way.
 */
final class S3Uploader {
    private static final String BINARY = "application/octet-stream";

    private final S3Client client;
    private final String bucket;
    private final S3Options options;

    S3Uploader(S3Client client, String bucket, S3Options options) {
        this.client = client;
        this.bucket = bucket;
        this.options = options;
    }

    /**
     * Uploads {@code content} to {@code key}.
     *
     * @throws ContentFailure if the content could not be read (nothing was stored)
     * @throws SdkException as the SDK reports a server or connection failure (nothing was stored)
     */
    void upload(String key, FileType type, ByteSource content) throws ContentFailure {
        long length = content.length();
        if (length >= options.multipartThreshold() && length > options.partSize()) {
            uploadInParts(key, type, content, length);
            return;
        }
        String md5 = SourceStream.md5(content, 0, length);
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(length)
                .contentMD5(md5).contentType(BINARY)
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(options.uploadTimeout(length)));
        options.storageClass(type).ifPresent(request::storageClass);
        options.sse().ifPresent(request::serverSideEncryption);
        options.kmsKeyId().ifPresent(request::ssekmsKeyId);
        client.putObject(request.build(), RequestBody.fromContentProvider(SourceStream.provider(content, 0, length),
                length, BINARY));
    }

    private void uploadInParts(String key, FileType type, ByteSource content, long length) throws ContentFailure {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(BINARY);
        options.storageClass(type).ifPresent(create::storageClass);
        options.sse().ifPresent(create::serverSideEncryption);
        options.kmsKeyId().ifPresent(create::ssekmsKeyId);
        String uploadId = client.createMultipartUpload(create.build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = options.partSize();
            for (long offset = 0; offset < length; offset += partSize) {
                long size = Math.min(partSize, length - offset);
                int number = parts.size() + 1;
                UploadPartRequest part = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength(size).contentMD5(SourceStream.md5(content, offset, size))
                        .overrideConfiguration(o -> o.apiCallAttemptTimeout(options.uploadTimeout(size)))
                        .build();
                String etag = client.uploadPart(part, RequestBody.fromContentProvider(
                        SourceStream.provider(content, offset, size), size, BINARY)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (ContentFailure | RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /** Best effort: parts a failed abort leaves are invisible to Cairn; a lifecycle rule (AbortIncompleteMultipartUpload) clears them. */
    private void abort(String key, String uploadId, Exception cause) {
        try {
            client.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
