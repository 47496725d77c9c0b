package dev.cairn.cli;

import dev.cairn.repository.InitOptions;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.storage.Storage;
import java.io.IOException;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn init}: creates an encrypted repository (restic format v2). */
@Command(name = "init", description = "Create a new repository (restic format version 2).")
final class InitCommand extends CommandBase {

    @Option(names = "--copy-chunker-params", description = "Use the chunker parameters of the repository given "
            + "with --from-repo, so that 'copy' between the two deduplicates.")
    boolean copyChunkerParams;

    @Mixin
    FromRepoOptions from;

    @Override
    public Integer call() throws Exception {
        String polynomial = chunkerPolynomial();
        RepositoryAccess access = access();
        String id;
        String shown;
        try (Storage storage = access.storage()) {
            shown = access.shownLocation(storage);
            if (Repositories.exists(storage)) {
                throw new UserError("a repository already exists at " + shown);
            }
            char[] password = access.password(true);
            InitOptions init = InitOptions.defaults().withKdf(access.kdf()).withChunkerPolynomial(polynomial);
            try (Repository repo = Repositories.init(storage, password, access.repositoryOptions(), init)) {
                id = repo.id();
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        Output out = output();
        if (out.json()) {
            var node = out.object();
            node.put("message_type", "initialized");
            node.put("id", id);
            node.put("repository", shown);
            out.printJson(node);
        } else {
            out.result("created restic repository " + id.substring(0, 10) + " at " + shown);
            out.line("");
            out.line("Please note that knowledge of your password is required to access the repository.");
            out.line("Losing your password means that your data is irrecoverably lost.");
        }
        return ExitCodes.OK;
    }

    /** The other repository's chunker polynomial with --copy-chunker-params, else {@code null} (a random one). */
    private String chunkerPolynomial() throws IOException {
        if (!copyChunkerParams) {
            if (from.repo != null || from.repositoryFile != null) {
                throw new UserError("--from-repo is only used with --copy-chunker-params");
            }
            return null;
        }
        try (Repository other = from.access(global(), env()).open()) {
            return other.chunkerPolynomial();
        }
    }
}
