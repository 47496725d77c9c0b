package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.copy.CopyListener;
import dev.cairn.snapshots.copy.CopyResult;
import dev.cairn.snapshots.copy.SnapshotCopier;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backup to several locations ({@code backup -r A -r B -r C}): the snapshot is written to the first location, then
 * copied to each other one with the copy engine (only the blobs a location lacks travel). One location failing does
 * not stop the others; each ends with its own outcome.
 */
final class SeveralLocations {

    /**
     * What happened at one location.
     *
     * @param location the URL as given with {@code -r}
     * @param snapshot the snapshot's ID there, or null if it did not get there
     * @param how {@code written} (the first location), {@code copied}, or {@code present} (a copy was there)
     * @param blobs blobs copied there
     * @param bytes bytes those blobs added there
     * @param error why the snapshot is not there, or null
     */
    record Outcome(String location, Id snapshot, String how, long blobs, long bytes, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final GlobalOptions global;
    private final CliEnvironment env;
    private final Map<String, Path> passwordFiles;

    /** @param repoPasswordFiles {@code --repo-password-file} values, each {@code REPOSITORY=FILE} */
    SeveralLocations(GlobalOptions global, CliEnvironment env, List<String> repoPasswordFiles) {
        this.global = global;
        this.env = env;
        this.passwordFiles = passwordFiles(global.repos, repoPasswordFiles);
    }

    boolean several() {
        return global.repos.size() > 1;
    }

    /** Access to the first location, with its own password file if one was given. */
    RepositoryAccess primary() {
        if (global.repos.isEmpty()) {
            if (!passwordFiles.isEmpty()) {
                throw new UserError("--repo-password-file names a repository given with -r; give the repositories "
                        + "with -r");
            }
            return new RepositoryAccess(global, env);
        }
        return access(global.repos.getFirst());
    }

    /** Copies {@code snapshot} of {@code source} to every location but the first, in order. */
    List<Outcome> copy(Repository source, Id snapshot, Output out) {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(new Outcome(global.repos.getFirst(), snapshot, "written", 0, 0, null));
        for (String location : global.repos.subList(1, global.repos.size())) {
            out.line("copying snapshot " + snapshot.shortHex() + " to " + location);
            Outcome outcome = copyTo(source, snapshot, location);
            outcomes.add(outcome);
            if (!outcome.ok()) {
                out.message("error: " + location + ": " + outcome.error());
            }
            if (Thread.currentThread().isInterrupted()) {
                break; // Ctrl-C: the remaining locations are not started
            }
        }
        return outcomes;
    }

    private Outcome copyTo(Repository source, Id snapshot, String location) {
        try (Repository destination = access(location).open();
                RepositoryLock lock = destination.lock(false)) {
            if (destination.id().equals(source.id())) {
                return failed(location, "it is the same repository as " + global.repos.getFirst());
            }
            SnapshotRef ref = new SnapshotRef(snapshot, source.loadSnapshot(snapshot));
            CopyResult result = new SnapshotCopier(source, destination).copy(List.of(ref), CopyListener.NONE);
            if (!result.copied().isEmpty()) {
                return new Outcome(location, result.copied().getFirst().destination(), "copied", result.blobs(),
                        result.bytesAdded(), null);
            }
            return new Outcome(location, result.skipped().getFirst().existing(), "present", 0, 0, null);
        } catch (RepositoryException.NoRepository e) {
            return failed(location, "no repository there; create it once with 'cairn -r " + location
                    + " init --copy-chunker-params --from-repo " + global.repos.getFirst() + "'");
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return failed(location, "interrupted; nothing half-written was kept");
        } catch (IOException | UserError e) {
            return failed(location, e.getMessage());
        } catch (RuntimeException e) {
            return failed(location, "internal error: " + e);
        }
    }

    private static Outcome failed(String location, String error) {
        return new Outcome(location, null, "failed", 0, 0, error);
    }

    private RepositoryAccess access(String location) {
        return new RepositoryAccess(global.forLocation(location, passwordFiles.get(location)), env);
    }

    /**
     * Parses {@code REPOSITORY=FILE} values. The repository must be one given with {@code -r}, spelled the same;
     * matching whole {@code -r} values (not splitting at an {@code =}) keeps URLs and paths with {@code =} intact.
     */
    private static Map<String, Path> passwordFiles(List<String> repos, List<String> values) {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String value : values) {
            String match = null;
            for (String repo : repos) {
                if (value.startsWith(repo + "=") && (match == null || repo.length() > match.length())) {
                    match = repo;
                }
            }
            if (match == null || value.length() == match.length() + 1) {
                throw new UserError("--repo-password-file '" + value + "' must be REPOSITORY=FILE with REPOSITORY "
                        + "one of the -r locations (" + String.join(", ", repos) + ")");
            }
            if (files.put(match, Path.of(value.substring(match.length() + 1))) != null) {
                throw new UserError("--repo-password-file given twice for " + match);
            }
        }
        return files;
    }
}
