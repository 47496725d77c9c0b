package dev.cairn.cli;

import dev.cairn.repository.RepositoryException;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code cairn} command (started by the {@code ./cairn} launcher). */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        // Subcommands inherit --help/--version and the footer conventions.
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = CairnVersion.class,
        description = "Backup and restore on restic's repository format v2.",
        footerHeading = "%n",
        footer = ExitCodes.HELP)
public final class Main implements Callable<Integer> {

    /**
     * The subcommands, registered in code rather than in {@code @Command(subcommands)} so that a run can register
     * only the one it invokes: building picocli's model for every command (each with the inherited global options)
     * was most of the CPU time of a short command such as {@code cairn version}.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            InitCommand.class,
            BackupCommand.class,
            SnapshotsCommand.class,
            LsCommand.class,
            DiffCommand.class,
            RestoreCommand.class,
            RollbackCommand.class,
            DumpCommand.class,
            CheckCommand.class,
            ForgetCommand.class,
            PruneCommand.class,
            StatsCommand.class,
            CatCommand.class,
            KeyCommand.class,
            UnlockCommand.class,
            RepairCommand.class,
            CopyCommand.class,
            StorageCommand.class,
            DemoCommand.class,
            ConfigCommand.class,
            SitesCommand.class,
            ScheduleCommand.class,
            HistoryCommand.class,
            CatalogCommand.class,
            ServeCommand.class,
            TokenCommand.class,
            VersionCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    private final CliEnvironment env;
    private final SiteOperationsFactory operations;

    Main(CliEnvironment env, SiteOperationsFactory operations) {
        this.env = env;
        this.operations = operations;
    }

    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.system();
        Thread worker = Thread.currentThread();
        // Ctrl-C: interrupt the command so it stops cleanly (no snapshot, lock released), then let the JVM exit.
        Thread hook = new Thread(() -> {
            worker.interrupt();
            try {
                worker.join(15_000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "cairn-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = commandLine(env, args).execute(args);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGINT: the JVM is already exiting with 128 + 2 = 130. System.exit here would block until the hook's
            // join timed out (15 s); returning ends this thread, so the hook finishes and the JVM halts at once.
            return;
        }
        System.exit(code);
    }

    /** The configured command tree over the process environment. */
    static CommandLine commandLine() {
        return commandLine(CliEnvironment.system());
    }

    /** The configured command tree; tests drive it with their own environment, without exiting the JVM. */
    static CommandLine commandLine(CliEnvironment env) {
        return commandLine(env, SiteServiceWiring::open);
    }

    /** The command tree with the site service {@code cairn serve} runs its jobs on. */
    static CommandLine commandLine(CliEnvironment env, SiteOperationsFactory operations) {
        return build(env, operations, SUBCOMMANDS);
    }

    /**
     * A command tree for running {@code args}: when they name a subcommand and parse with only that one registered,
     * the tree holds just it (a fraction of the start-up work); otherwise (help, typos, an option value that looks
     * like a command name) the full tree, so usage and errors are exactly those of {@link #commandLine(CliEnvironment)}.
     */
    static CommandLine commandLine(CliEnvironment env, String[] args) {
        Class<?> named = namedSubcommand(args);
        if (named != null) {
            CommandLine lazy = build(env, SiteServiceWiring::open, List.of(named));
            try {
                CommandLine.ParseResult parsed = lazy.parseArgs(args);
                if (parsed.hasSubcommand()
                        && parsed.subcommand().commandSpec().userObject().getClass() == named) {
                    // Not built again: execute() parses the same arguments once more, and picocli resets every
                    // option to its initial value before parsing (a second build cost ~40 ms of start-up).
                    return lazy;
                }
            } catch (CommandLine.ParameterException e) {
                // fall through: let the full tree parse and report
            }
        }
        return commandLine(env);
    }

    /** The first subcommand whose name or alias appears among {@code args}, or null. */
    private static Class<?> namedSubcommand(String[] args) {
        for (String arg : args) {
            for (Class<?> c : SUBCOMMANDS) {
                Command command = c.getAnnotation(Command.class);
                if (command.name().equals(arg) || List.of(command.aliases()).contains(arg)) {
                    return c;
                }
            }
        }
        return null;
    }

    private static CommandLine build(CliEnvironment env, SiteOperationsFactory operations,
            List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new Main(env, operations));
        for (Class<?> c : subcommands) {
            cli.addSubcommand(c);
        }
        cli.setOut(new PrintWriter(env.stdout(), true));
        cli.setErr(new PrintWriter(env.stderr(), true));
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    CliEnvironment env() {
        return env;
    }

    GlobalOptions global() {
        return global;
    }

    SiteOperationsFactory operations() {
        return operations;
    }

    /** Without a subcommand there is nothing to do: show what there is, and fail like picocli's usage errors. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Maps failures to exit codes and one clear line; stack traces only with --verbose. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Main main = cmd.getCommandSpec().root().userObject() instanceof Main m ? m : null;
        boolean verbose = main != null && main.global != null && main.global.verbose;
        int code;
        String message;
        if (e instanceof UserError || e instanceof dev.cairn.engine.config.ConfigException
                || e instanceof dev.cairn.engine.site.SiteException
                || e instanceof dev.cairn.engine.catalog.CatalogException) {
            code = ExitCodes.FAILURE;
            message = e.getMessage();
        } else if (e instanceof RepositoryException re) {
            code = re.exitCode();
            message = re.getMessage();
        } else if (isInterrupt(e)) {
            code = ExitCodes.INTERRUPTED;
            message = "interrupted; nothing half-written was kept";
        } else if (e instanceof StorageException se) {
            code = ExitCodes.FAILURE;
            message = se.getMessage();
        } else if (e instanceof IOException) {
            code = ExitCodes.FAILURE;
            message = e.getMessage() == null ? e.toString() : e.getMessage();
        } else {
            code = ExitCodes.FAILURE;
            message = "internal error: " + e;
            verbose = true;
        }
        err.println("cairn: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean isInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof InterruptedException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }
}
