package dev.cairn.repository.codec;

import java.io.IOException;
import java.time.Instant;

/** {@code {"time","exclusive","hostname","username","pid","uid"?,"gid"?}}, no newline, as restic writes locks. */
public final class LockCodec {

    private LockCodec() {
    }

    public static byte[] encode(LockDocument l) {
        GoJson w = new GoJson().beginObject()
                .name("time").value(l.time())
                .name("exclusive").value(l.exclusive())
                .name("hostname").value(l.hostname())
                .name("username").value(l.username())
                .name("pid").value(l.pid());
        if (l.uid() != 0) w.name("uid").unsigned(l.uid());
        if (l.gid() != 0) w.name("gid").unsigned(l.gid());
        return w.endObject().toBytes();
    }

    public static LockDocument decode(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "lock")) {
            in.startObject();
            Instant time = null;
            boolean exclusive = false;
            String hostname = "";
            String username = "";
            long pid = 0;
            long uid = 0;
            long gid = 0;
            for (String f; (f = in.nextField()) != null; ) {
                switch (f) {
                    case "time" -> time = in.time();
                    case "exclusive" -> exclusive = in.bool();
                    case "hostname" -> hostname = in.string();
                    case "username" -> username = in.string();
                    case "pid" -> pid = in.signed();
                    case "uid" -> uid = in.unsigned(32);
                    case "gid" -> gid = in.unsigned(32);
                    default -> in.skip();
                }
            }
            in.end();
            if (time == null) {
                throw in.error("lock without a time");
            }
            return new LockDocument(time, exclusive, hostname, username, pid, uid, gid);
        }
    }
}
