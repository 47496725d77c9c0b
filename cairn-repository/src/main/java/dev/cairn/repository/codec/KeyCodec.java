package dev.cairn.repository.codec;

import java.io.IOException;
import java.time.Instant;

/**
 * Key files and the master key document inside them, as restic 0.14's {@code json.Marshal} writes them (no
 * newline, no {@code omitempty}). A key file's name is the SHA-256 of exactly these bytes.
 */
public final class KeyCodec {

    private KeyCodec() {
    }

    public static byte[] encode(KeyDocument k) {
        return new GoJson().beginObject()
                .name("created").value(k.created())
                .name("username").value(k.username())
                .name("hostname").value(k.hostname())
                .name("kdf").value(k.kdf())
                .name("N").value(k.n())
                .name("r").value(k.r())
                .name("p").value(k.p())
                .name("salt").base64(k.salt())
                .name("data").base64(k.data())
                .endObject().toBytes();
    }

    public static KeyDocument decode(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "key file")) {
            in.startObject();
            Instant created = null;
            String username = "";
            String hostname = "";
            String kdf = "";
            int n = 0;
            int r = 0;
            int p = 0;
            byte[] salt = null;
            byte[] data = null;
            for (String f; (f = in.nextField()) != null; ) {
                switch (f) {
                    case "created" -> created = in.time();
                    case "username" -> username = in.string();
                    case "hostname" -> hostname = in.string();
                    case "kdf" -> kdf = in.string();
                    case "n" -> n = in.int32();
                    case "r" -> r = in.int32();
                    case "p" -> p = in.int32();
                    case "salt" -> salt = in.base64();
                    case "data" -> data = in.base64();
                    default -> in.skip();
                }
            }
            in.end();
            return new KeyDocument(created == null ? GoTimes.ZERO : created, username, hostname,
                    kdf, n, r, p, salt, data);
        }
    }

    public static byte[] encodeMasterKey(MasterKeyDocument m) {
        return new GoJson().beginObject()
                .name("mac").beginObject().name("k").base64(m.macK()).name("r").base64(m.macR()).endObject()
                .name("encrypt").base64(m.encrypt())
                .endObject().toBytes();
    }

    public static MasterKeyDocument decodeMasterKey(byte[] json) throws IOException {
        try (JsonIn in = JsonIn.open(json, "master key")) {
            in.startObject();
            byte[] encrypt = null;
            byte[] k = null;
            byte[] r = null;
            for (String f; (f = in.nextField()) != null; ) {
                switch (f) {
                    case "encrypt" -> encrypt = in.base64();
                    case "mac" -> {
                        if (in.isNull()) {
                            continue;
                        }
                        in.startObject();
                        for (String g; (g = in.nextField()) != null; ) {
                            switch (g) {
                                case "k" -> k = in.base64();
                                case "r" -> r = in.base64();
                                default -> in.skip();
                            }
                        }
                    }
                    default -> in.skip();
                }
            }
            in.end();
            try {
                return new MasterKeyDocument(encrypt, k, r);
            } catch (IllegalArgumentException e) {
                throw in.error(e.getMessage());
            }
        }
    }
}
