package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Resolves a user-typed ID or unique hex prefix of a repository file, as restic's {@code Find}. */
final class IdPrefix {

    private IdPrefix() {
    }

    static Id resolve(Storage storage, FileType type, String prefix) throws IOException {
        String p = prefix.toLowerCase(Locale.ROOT);
        if (Id.isId(p)) {
            return Id.parse(p);
        }
        if (p.isEmpty() || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new UserError("'" + prefix + "' is not a hex ID or ID prefix");
        }
        List<String> matches = new ArrayList<>();
        storage.list(type, f -> {
            if (Id.isId(f.name()) && f.name().startsWith(p)) {
                synchronized (matches) {
                    matches.add(f.name());
                }
            }
        });
        if (matches.isEmpty()) {
            throw new UserError("no " + type.dirName() + " file matches '" + prefix + "'");
        }
        if (matches.size() > 1) {
            throw new UserError("'" + prefix + "' matches several " + type.dirName() + " files: "
                    + String.join(", ", matches.subList(0, Math.min(5, matches.size()))));
        }
        return Id.parse(matches.get(0));
    }
}
