package dev.cairn.repository.codec;

import dev.cairn.repository.Id;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotSummary;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Snapshot documents as restic's {@code json.Marshal(Snapshot)} (no newline): 0.14's fields plus master's
 * {@code program_version} and {@code summary}, which 0.14 ignores. Times are written in UTC; restic writes local
 * offsets and both read back to the same instant.
 */
public final class SnapshotCodec {

    private SnapshotCodec() {
    }

    /** Encodes with the time in UTC. */
    public static byte[] encode(Snapshot s) {
        return encode(s, java.time.ZoneOffset.UTC);
    }

    /**
     * Encodes with the snapshot time in {@code zone}'s local offset, as restic writes it: restic's retention
     * buckets ("daily", ...) use the offset stored with each snapshot, so local times keep both tools' days equal.
     */
    public static byte[] encode(Snapshot s, java.time.ZoneId zone) {
        GoJson w = new GoJson().beginObject();
        w.name("time").value(s.time(), zone);
        if (s.parent() != null) w.name("parent").value(s.parent());
        w.name("tree").value(s.tree());
        w.name("paths");
        strings(w, s.paths());
        if (notEmpty(s.hostname())) w.name("hostname").value(s.hostname());
        if (notEmpty(s.username())) w.name("username").value(s.username());
        if (s.uid() != 0) w.name("uid").unsigned(s.uid());
        if (s.gid() != 0) w.name("gid").unsigned(s.gid());
        if (!s.excludes().isEmpty()) strings(w.name("excludes"), s.excludes());
        if (!s.tags().isEmpty()) strings(w.name("tags"), s.tags());
        if (s.original() != null) w.name("original").value(s.original());
        if (notEmpty(s.programVersion())) w.name("program_version").value(s.programVersion());
        if (s.summary() != null) summary(w.name("summary"), s.summary());
        return w.endObject().toBytes();
    }

    private static void strings(GoJson w, List<String> list) {
        w.beginArray();
        list.forEach(w::value);
        w.endArray();
    }

    private static void summary(GoJson w, SnapshotSummary s) {
        w.beginObject()
                .name("backup_start").value(s.backupStart() == null ? GoTimes.ZERO : s.backupStart())
                .name("backup_end").value(s.backupEnd() == null ? GoTimes.ZERO : s.backupEnd())
                .name("files_new").unsigned(s.filesNew())
                .name("files_changed").unsigned(s.filesChanged())
                .name("files_unmodified").unsigned(s.filesUnmodified())
                .name("dirs_new").unsigned(s.dirsNew())
                .name("dirs_changed").unsigned(s.dirsChanged())
                .name("dirs_unmodified").unsigned(s.dirsUnmodified())
                .name("data_blobs").value(s.dataBlobs())
                .name("tree_blobs").value(s.treeBlobs())
                .name("data_added").unsigned(s.dataAdded())
                .name("data_added_packed").unsigned(s.dataAddedPacked())
                .name("total_files_processed").unsigned(s.totalFilesProcessed())
                .name("total_bytes_processed").unsigned(s.totalBytesProcessed())
                .endObject();
    }



    /** Parses a snapshot; accepts any time offset and ignores unknown members. */
    public static Snapshot decode(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "snapshot")) {
            in.startObject();
            Fields f = new Fields();
            for (String name; (name = in.nextField()) != null; ) {
                f.read(name, in);
            }
            in.end();
            if (f.time == null || f.tree == null) {
                throw in.error("snapshot without " + (f.time == null ? "time" : "tree"));
            }
            return new Snapshot(f.time, f.parent, f.tree, f.paths, f.hostname, f.username, f.uid, f.gid,
                    f.excludes, f.tags, f.original, f.programVersion, f.summary);
        }
    }

    private static final class Fields {
        Instant time;
        Id parent;
        Id tree;
        List<String> paths;
        String hostname;
        String username;
        long uid;
        long gid;
        List<String> excludes;
        List<String> tags;
        Id original;
        String programVersion;
        SnapshotSummary summary;

        void read(String name, JsonIn in) throws IOException {
            switch (name) {
                case "time" -> time = in.time();
                case "parent" -> parent = in.id();
                case "tree" -> tree = in.id();
                case "paths" -> paths = in.stringList();
                case "hostname" -> hostname = in.string();
                case "username" -> username = in.string();
                case "uid" -> uid = in.unsigned(32);
                case "gid" -> gid = in.unsigned(32);
                case "excludes" -> excludes = in.stringList();
                case "tags" -> tags = in.stringList();
                case "original" -> original = in.id();
                case "program_version" -> programVersion = in.string();
                case "summary" -> summary = in.isNull() ? null : readSummary(in);
                default -> in.skip();
            }
        }
    }

    private static SnapshotSummary readSummary(JsonIn in) throws IOException {
        in.startObject();
        Instant start = null;
        Instant end = null;
        long[] v = new long[12];
        for (String name; (name = in.nextField()) != null; ) {
            switch (name) {
                case "backup_start" -> start = in.time();
                case "backup_end" -> end = in.time();
                case "files_new" -> v[0] = in.unsigned(64);
                case "files_changed" -> v[1] = in.unsigned(64);
                case "files_unmodified" -> v[2] = in.unsigned(64);
                case "dirs_new" -> v[3] = in.unsigned(64);
                case "dirs_changed" -> v[4] = in.unsigned(64);
                case "dirs_unmodified" -> v[5] = in.unsigned(64);
                case "data_blobs" -> v[6] = in.signed();
                case "tree_blobs" -> v[7] = in.signed();
                case "data_added" -> v[8] = in.unsigned(64);
                case "data_added_packed" -> v[9] = in.unsigned(64);
                case "total_files_processed" -> v[10] = in.unsigned(64);
                case "total_bytes_processed" -> v[11] = in.unsigned(64);
                default -> in.skip();
            }
        }
        return new SnapshotSummary(start, end, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10],
                v[11]);
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
