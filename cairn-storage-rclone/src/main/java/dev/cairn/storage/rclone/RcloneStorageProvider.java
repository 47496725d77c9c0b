package dev.cairn.storage.rclone;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.rest.RestEndpoint;
import dev.cairn.storage.rest.RestStorages;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * {@code rclone:remote:path}, as restic: any rclone remote (Dropbox, Google Drive, OneDrive, S3, SFTP, ...) served by
 * {@code rclone serve restic} on 127.0.0.1, started when the storage opens and stopped when it closes. rclone is
 * given a random user and password for this run through its environment ({@code RCLONE_USER}/{@code RCLONE_PASS}),
 * so other local users cannot use the port while it is open.
 *
 * <p>Options: {@code rclone.program}, {@code rclone.args} (restic's), {@code rclone.connections} (default 5),
 * {@code rclone.timeout} (seconds to wait for rclone to start serving, default 60).
 */
public final class RcloneStorageProvider implements StorageProvider {

    private final SecureRandom random = new SecureRandom();

    @Override
    public Set<String> schemes() {
        return Set.of("rclone");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) throws IOException {
        String remote = location.rest();
        if (remote.isBlank() || remote.startsWith("-")) {
            throw new IllegalArgumentException("invalid rclone repository '" + location + "'; expected "
                    + "rclone:REMOTE:PATH, e.g. rclone:dropbox:backups/site (see 'rclone config')");
        }
        RcloneCommand command = RcloneCommand.of(remote, settings);
        String user = "cairn-" + HexFormat.of().formatHex(bytes(6));
        String password = HexFormat.of().formatHex(bytes(24));
        Map<String, String> env = new HashMap<>(settings.env());
        env.put("RCLONE_USER", user);
        env.put("RCLONE_PASS", password);
        Duration startTimeout = Duration.ofSeconds(settings.intOption("rclone.timeout", 60, 1, 3600));
        String shown = "rclone:" + remote;
        RcloneProcess rclone = RcloneProcess.start(command, env, shown, startTimeout);
        try {
            RestEndpoint endpoint = new RestEndpoint(rclone.address(), user, password);
            int connections = settings.intOption("rclone.connections", RestStorages.DEFAULT_CONNECTIONS, 1, 128);
            Storage rest = RestStorages.open(endpoint, shown, connections, RestStorages.DEFAULT_TIMEOUT);
            return new RcloneStorage(rest, rclone, shown);
        } catch (RuntimeException e) {
            rclone.close();
            throw e;
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
