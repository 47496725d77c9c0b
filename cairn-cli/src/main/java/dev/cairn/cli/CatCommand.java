package dev.cairn.cli;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn cat TYPE [ID]}: prints a repository object, decrypted, for debugging (as restic's cat). */
@Command(name = "cat", description = {"Print a repository object, decrypted (for debugging).",
        "Types: config, index ID, snapshot ID, key ID, lock ID, pack ID (raw bytes),",
        "blob ID (data blob bytes) or tree ID (tree JSON)."})
final class CatCommand extends CommandBase {

    @Parameters(index = "0", paramLabel = "TYPE", description = "config, index, snapshot, key, lock, pack, blob or tree")
    String type;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "ID or unique ID prefix")
    String id;

    @Override
    public Integer call() throws Exception {
        String t = type.toLowerCase(Locale.ROOT);
        try (Repository repo = access().open();
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            byte[] bytes = switch (t) {
                case "config" -> config(repo);
                case "index" -> repo.loadJsonFile(FileType.INDEX, resolve(repo, FileType.INDEX));
                case "snapshot" -> repo.loadJsonFile(FileType.SNAPSHOT, resolve(repo, FileType.SNAPSHOT));
                case "lock" -> repo.loadJsonFile(FileType.LOCK, resolve(repo, FileType.LOCK));
                case "key" -> repo.storage().load(Handle.of(FileType.KEY, resolve(repo, FileType.KEY).hex()));
                case "pack" -> repo.storage().load(Handle.of(FileType.PACK, resolve(repo, FileType.PACK).hex()));
                case "blob" -> blob(repo, BlobType.DATA);
                case "tree" -> blob(repo, BlobType.TREE);
                default -> throw new UserError("unknown object type '" + type
                        + "' (config, index, snapshot, key, lock, pack, blob, tree)");
            };
            env().stdout().write(bytes);
            if (!t.equals("pack") && !t.equals("blob") && (bytes.length == 0 || bytes[bytes.length - 1] != '\n')) {
                env().stdout().write('\n');
            }
            env().stdout().flush();
        }
        return ExitCodes.OK;
    }

    private static byte[] config(Repository repo) {
        return ("{\"version\":" + repo.formatVersion() + ",\"id\":\"" + repo.id() + "\",\"chunker_polynomial\":\""
                + repo.chunkerPolynomial() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private Id resolve(Repository repo, FileType fileType) throws IOException {
        if (id == null) {
            throw new UserError("cat " + type + " needs an ID");
        }
        return IdPrefix.resolve(repo.storage(), fileType, id);
    }

    private byte[] blob(Repository repo, BlobType blobType) throws IOException {
        if (id == null || !Id.isId(id)) {
            throw new UserError("cat " + type + " needs a full 64-hex-digit blob ID");
        }
        Id blobId = Id.parse(id.toLowerCase(Locale.ROOT));
        PackedBlob where = repo.lookup(blobType, blobId);
        if (where == null) {
            throw new UserError(blobType.jsonName() + " blob " + id + " is not in the index");
        }
        return repo.loadBlob(blobType, blobId);
    }
}
