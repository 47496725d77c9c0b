package dev.cairn.storage.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.cairn.storage.StorageSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the container client from restic's variables: {@code AZURE_ACCOUNT_NAME} with {@code AZURE_ACCOUNT_KEY} or
 * {@code AZURE_ACCOUNT_SAS}, or {@code AZURE_STORAGE_CONNECTION_STRING} (Azurite, custom endpoints). The endpoint
 * is {@code https://<account>.blob.<AZURE_ENDPOINT_SUFFIX or core.windows.net>} unless {@code -o azure.endpoint=URL}
 * names another.
 */
final class AzureClients {

    static final String CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";

    private AzureClients() {
    }

    static BlobContainerClient container(AzureUrl url, StorageSettings settings, Duration timeout) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(httpClient())
                // One try per call: Cairn's retry decorator owns back-off, so faults are not retried twice over.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, timeout, null, null, null));
        Optional<String> endpoint = settings.option("azure.endpoint").map(String::strip);
        Optional<String> connectionString = settings.env(CONNECTION_STRING);
        if (connectionString.isPresent()) {
            try {
                builder.connectionString(connectionString.get());
            } catch (IllegalArgumentException e) {
                // The SDK's message may quote the string, and with it the key: say only what is wrong.
                throw new IllegalArgumentException(CONNECTION_STRING + " is not a valid Azure storage connection "
                        + "string (expected AccountName=…;AccountKey=…;BlobEndpoint=… or similar)");
            }
            endpoint.ifPresent(builder::endpoint);
            return builder.buildClient().getBlobContainerClient(url.container());
        }
        String account = settings.env("AZURE_ACCOUNT_NAME").orElseThrow(() -> new IllegalArgumentException(
                "no Azure credentials: set AZURE_ACCOUNT_NAME and AZURE_ACCOUNT_KEY (or AZURE_ACCOUNT_SAS), or "
                        + CONNECTION_STRING));
        builder.endpoint(endpoint.orElseGet(() -> "https://" + account + ".blob."
                + settings.env("AZURE_ENDPOINT_SUFFIX").orElse("core.windows.net")));
        Optional<String> key = settings.env("AZURE_ACCOUNT_KEY");
        Optional<String> sas = settings.env("AZURE_ACCOUNT_SAS");
        if (key.isPresent()) {
            try {
                java.util.Base64.getDecoder().decode(key.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("AZURE_ACCOUNT_KEY is not a valid account key (expected the "
                        + "base64 key shown under the storage account's Access keys)");
            }
            builder.credential(new StorageSharedKeyCredential(account, key.get().strip()));
        } else if (sas.isPresent()) {
            builder.sasToken(sas.get().startsWith("?") ? sas.get().substring(1) : sas.get());
        } else {
            throw new IllegalArgumentException("no Azure credentials for account " + account + ": set "
                    + "AZURE_ACCOUNT_KEY or AZURE_ACCOUNT_SAS (or " + CONNECTION_STRING + ")");
        }
        return builder.buildClient().getBlobContainerClient(url.container());
    }

    private static HttpClient httpClient() {
        return new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(30)).build();
    }
}
