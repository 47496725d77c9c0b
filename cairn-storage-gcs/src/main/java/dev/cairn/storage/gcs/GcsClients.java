package dev.cairn.storage.gcs;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.StorageOptions;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Builds the Google Cloud Storage client: credentials as restic finds them, no library-level retries. */
final class GcsClients {

    private static final List<String> SCOPE = List.of("https://www.googleapis.com/auth/devstorage.read_write");

    private GcsClients() {
    }

    static com.google.cloud.storage.Storage build(StorageSettings settings) throws IOException {
        StorageOptions.Builder builder = StorageOptions.http()
                .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(10_000)
                        .setReadTimeout(60_000).build())
                // Cairn's retry decorator retries transient faults; library retries under it would multiply them.
                .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(1).build());
        Optional<String> project = settings.env("GOOGLE_PROJECT_ID");
        Optional<String> emulator = settings.env("STORAGE_EMULATOR_HOST");
        if (emulator.isPresent()) {
            // The convention of Google's own tools and client libraries for a local emulator: no credentials, or
            // the fixed token some emulators take for an administrator (GOOGLE_ACCESS_TOKEN).
            String host = emulator.get().contains("://") ? emulator.get() : "http://" + emulator.get();
            builder.setHost(host).setCredentials(settings.env("GOOGLE_ACCESS_TOKEN")
                    .<com.google.auth.Credentials>map(t -> GoogleCredentials.create(new AccessToken(t, null)))
                    .orElse(NoCredentials.getInstance()));
            builder.setProjectId(project.orElse("cairn-emulator"));
            return builder.build().getService();
        }
        GoogleCredentials credentials = credentials(settings);
        builder.setCredentials(credentials);
        project.or(() -> credentials instanceof ServiceAccountCredentials sa ? Optional.ofNullable(sa.getProjectId())
                : Optional.empty()).ifPresent(builder::setProjectId);
        return builder.build().getService();
    }

    /** GOOGLE_ACCESS_TOKEN, else the key file GOOGLE_APPLICATION_CREDENTIALS names, else application defaults. */
    private static GoogleCredentials credentials(StorageSettings settings) throws IOException {
        Optional<String> token = settings.env("GOOGLE_ACCESS_TOKEN");
        if (token.isPresent()) {
            return GoogleCredentials.create(new AccessToken(token.get(), null));
        }
        Optional<String> file = settings.env("GOOGLE_APPLICATION_CREDENTIALS");
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(Path.of(file.get()))) {
                return GoogleCredentials.fromStream(in).createScoped(SCOPE);
            } catch (NoSuchFileException e) {
                throw new StorageException.Permanent("GOOGLE_APPLICATION_CREDENTIALS names " + file.get()
                        + ", which does not exist", e);
            } catch (IOException e) {
                throw new StorageException.Permanent("cannot read the Google credentials in " + file.get() + ": "
                        + e.getMessage() + " (expected a service account key file in JSON)", e);
            }
        }
        try {
            return GoogleCredentials.getApplicationDefault().createScoped(SCOPE);
        } catch (IOException e) {
            throw new StorageException.Permanent("no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a "
                    + "service account key file, or GOOGLE_ACCESS_TOKEN, or run on Google Cloud with a service account",
                    e);
        }
    }
}
