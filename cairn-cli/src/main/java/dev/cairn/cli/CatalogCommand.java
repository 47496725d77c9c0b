package dev.cairn.cli;

import dev.cairn.engine.site.CatalogRebuild;
import dev.cairn.engine.site.SiteServices;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cairn catalog}: the catalog of cairn.yaml. */
@Command(name = "catalog", description = "Work with the catalog (Cairn's record of backups, restores and jobs).",
        subcommands = CatalogCommand.Rebuild.class)
final class CatalogCommand extends CommandBase {

    @Override
    public Integer call() {
        spec.commandLine().usage(env().stderr());
        return ExitCodes.USAGE;
    }

    /** {@code cairn catalog rebuild}: the repositories are the truth. */
    @Command(name = "rebuild", description = "Reconstruct the catalog's backups from the repositories: add every "
            + "snapshot of a site the catalog does not list, remove listed backups whose snapshot is gone. Exit 1 if "
            + "a location could not be read.")
    static final class Rebuild implements Callable<Integer> {

        @ParentCommand
        CatalogCommand parent;

        @Override
        public Integer call() throws Exception {
            Output out = parent.output();
            try (SiteServices services = SiteAccess.open(parent.global(), parent.env(), out)) {
                List<CatalogRebuild.Change> changes = services.rebuild().rebuild();
                boolean failed = false;
                var array = out.mapper().createArrayNode();
                for (CatalogRebuild.Change c : changes) {
                    boolean missing = "no repository yet".equals(c.error());
                    failed |= c.error() != null && !missing;
                    array.addObject().put("site", c.site()).put("location", c.location()).put("added", c.added())
                            .put("removed", c.removed()).put("error", c.error());
                    out.line(c.site() + " @ " + c.location() + ": " + (c.error() != null ? c.error()
                            : c.added() + " added, " + c.removed() + " removed"));
                }
                if (out.json()) {
                    out.printJson(array);
                } else {
                    out.result("catalog " + services.catalog().url() + (failed ? " partly rebuilt" : " rebuilt"));
                }
                return failed ? ExitCodes.FAILURE : ExitCodes.OK;
            }
        }
    }
}
