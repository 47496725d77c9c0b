package dev.cairn.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.FileType;
import dev.cairn.storage.StorageSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The -o s3.* options, region and addressing defaults. */
class S3OptionsTest {

    private static final S3Url MINIO = S3Url.parse("http://127.0.0.1:9000/bucket");
    private static final S3Url AWS = S3Url.parse("s3.eu-central-1.amazonaws.com/bucket");

    @Test
    void defaults() {
        S3Options o = S3Options.from(StorageSettings.of(Map.of()), MINIO);
        assertThat(o.region()).isEqualTo("us-east-1");
        assertThat(o.pathStyle()).as("path-style for self-hosted servers").isTrue();
        assertThat(o.connections()).isEqualTo(5);
        assertThat(o.storageClasses()).isEmpty();
        assertThat(o.sse()).isEmpty();
        assertThat(o.partSize()).isEqualTo(16L << 20);
        assertThat(o.multipartThreshold()).isEqualTo(64L << 20);
        assertThat(o.timeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        S3Options aws = S3Options.from(StorageSettings.of(Map.of()), AWS);
        assertThat(aws.pathStyle()).as("virtual hosts on AWS").isFalse();
        assertThat(aws.region()).isEqualTo("eu-central-1");
    }

    @Test
    void timeoutBoundsSilenceAndUploadsGetTimeForTheirSize() {
        S3Options o = S3Options.from(options(Map.of("s3.timeout", "5")), MINIO);
        assertThat(o.timeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(o.uploadTimeout(0)).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(o.uploadTimeout(16L << 20)).as("16 MiB at 16 KiB/s on top").isEqualTo(
                java.time.Duration.ofSeconds(5 + 1024));
        assertThatThrownBy(() -> S3Options.from(options(Map.of("s3.timeout", "0")), MINIO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3.timeout");
    }

    @Test
    void regionFromOptionThenEnvironment() {
        Map<String, String> env = Map.of("AWS_DEFAULT_REGION", "ap-south-1", "AWS_REGION", "sa-east-1");
        assertThat(S3Options.from(new StorageSettings(env, Map.of("s3.region", "auto")), AWS).region()).isEqualTo("auto");
        assertThat(S3Options.from(StorageSettings.of(env), AWS).region()).isEqualTo("ap-south-1");
        assertThat(S3Options.from(StorageSettings.of(Map.of("AWS_REGION", "sa-east-1")), AWS).region())
                .isEqualTo("sa-east-1");
    }

    @Test
    void storageClassesPerTypeOverrideTheGeneralOne() {
        S3Options o = S3Options.from(options(Map.of("s3.storage-class", "standard", "s3.storage-class.data",
                "STANDARD_IA")), MINIO);
        assertThat(o.storageClass(FileType.PACK)).contains("STANDARD_IA");
        assertThat(o.storageClass(FileType.INDEX)).contains("STANDARD");
        assertThat(S3Options.from(options(Map.of("s3.storage-class.data", "ONEZONE_IA")), MINIO)
                .storageClass(FileType.SNAPSHOT)).isEmpty();
    }

    @Test
    void encryptionAndAddressing() {
        S3Options o = S3Options.from(options(Map.of("s3.sse", "aws:kms", "s3.sse-kms-key-id", "alias/backup",
                "s3.bucket-lookup", "dns", "s3.connections", "12")), MINIO);
        assertThat(o.sse()).contains("aws:kms");
        assertThat(o.kmsKeyId()).contains("alias/backup");
        assertThat(o.pathStyle()).isFalse();
        assertThat(o.connections()).isEqualTo(12);
        assertThat(S3Options.from(options(Map.of("s3.sse", "aes256", "s3.path-style", "true")), AWS))
                .satisfies(a -> assertThat(a.sse()).contains("AES256"))
                .satisfies(a -> assertThat(a.pathStyle()).isTrue());
    }

    @Test
    void mistakesAreErrorsNamingTheOption() {
        assertThatThrownBy(() -> S3Options.from(options(Map.of("s3.conections", "8")), MINIO))
                .hasMessageContaining("unknown option 's3.conections'").hasMessageContaining("s3.connections");
        assertThatThrownBy(() -> S3Options.from(options(Map.of("s3.sse", "des")), MINIO))
                .hasMessageContaining("s3.sse");
        assertThatThrownBy(() -> S3Options.from(options(Map.of("s3.sse-kms-key-id", "k")), MINIO))
                .hasMessageContaining("s3.sse=aws:kms");
        assertThatThrownBy(() -> S3Options.from(options(Map.of("s3.part-size", "1")), MINIO))
                .hasMessageContaining("s3.part-size");
        assertThatThrownBy(() -> S3Options.from(options(Map.of("s3.path-style", "maybe")), MINIO))
                .hasMessageContaining("s3.path-style");
        assertThat(S3Options.from(options(Map.of("sftp.known-hosts", "x")), MINIO)).as("other backends' options")
                .isNotNull();
    }

    private static StorageSettings options(Map<String, String> options) {
        return new StorageSettings(Map.of(), options);
    }
}
