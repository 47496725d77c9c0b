package dev.cairn.repository.codec;

import java.io.IOException;

/** {@code {"version":2,"id":"…","chunker_polynomial":"…"}}, no newline, as restic 0.14 writes it. */
public final class ConfigCodec {

    public static final int MIN_VERSION = 1;
    public static final int MAX_VERSION = 2;

    private ConfigCodec() {
    }

    public static byte[] encode(RepoConfig c) {
        return new GoJson().beginObject()
                .name("version").value(c.version())
                .name("id").value(c.id())
                .name("chunker_polynomial").value(c.chunkerPolynomial())
                .endObject().toBytes();
    }

    /** Parses and checks the version (1..2) and that the polynomial is hex; irreducibility is the chunker's job. */
    public static RepoConfig decode(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "config")) {
            in.startObject();
            long version = 0;
            String id = "";
            String pol = null;
            for (String f; (f = in.nextField()) != null; ) {
                switch (f) {
                    case "version" -> version = in.unsigned(64);
                    case "id" -> id = orEmpty(in.string());
                    case "chunker_polynomial" -> pol = in.string();
                    default -> in.skip();
                }
            }
            in.end();
            if (version < MIN_VERSION || version > MAX_VERSION) {
                throw in.error("unsupported repository version " + Long.toUnsignedString(version)
                        + " (this program reads versions " + MIN_VERSION + " to " + MAX_VERSION + ")");
            }
            if (pol == null || !isHex(pol)) {
                throw in.error("chunker_polynomial is not a hex number: " + pol);
            }
            return new RepoConfig((int) version, id, pol);
        }
    }

    private static boolean isHex(String s) {
        if (s.isEmpty() || s.length() > 16) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
