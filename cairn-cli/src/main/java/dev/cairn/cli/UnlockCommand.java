package dev.cairn.cli;

import dev.cairn.repository.LockInfo;
import dev.cairn.repository.Repository;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn unlock}: removes stale locks (restic's rule), or with --remove-all every lock. */
@Command(name = "unlock", description = {"Remove stale locks other processes left behind.",
        "Stale (restic's rule): not refreshed for 30 minutes, or made on this host by a process that no longer runs.",
        "Takes no lock itself."})
final class UnlockCommand extends CommandBase {

    @Option(names = "--remove-all", description = "Remove all locks, even those of running processes "
            + "(only when you are sure no other process uses the repository).")
    boolean removeAll;

    @Override
    public Integer call() throws Exception {
        Output out = output();
        try (Repository repo = access().open()) {
            if (removeAll) {
                int n = repo.locks().removeAll();
                report(out, n, List.of());
                return ExitCodes.OK;
            }
            List<LockInfo> removed = repo.locks().removeStale();
            report(out, removed.size(), removed);
            for (LockInfo kept : repo.locks().list()) {
                out.message("kept " + kept.describe() + ": not stale (use --remove-all if that process is gone)");
            }
        }
        return ExitCodes.OK;
    }

    private static void report(Output out, int count, List<LockInfo> removed) {
        if (out.json()) {
            var n = out.object();
            n.put("message_type", "summary");
            n.put("removed", count);
            var locks = n.putArray("locks");
            removed.forEach(l -> locks.add(l.id().hex()));
            out.printJson(n);
            return;
        }
        removed.forEach(l -> out.line("removed " + l.describe()));
        out.result(count == 0 ? "no locks were removed" : "successfully removed " + count + " locks");
    }
}
