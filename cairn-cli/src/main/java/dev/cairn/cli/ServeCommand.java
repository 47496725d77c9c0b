package dev.cairn.cli;

import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.server.CairnServer;
import dev.cairn.server.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn serve}: the REST API and the scheduler until Ctrl-C / SIGTERM. An invalid cairn.yaml stops it
 * before anything listens (the problems name file, line and field).
 */
@Command(name = "serve", description = "Run the REST API (docs/server.md) and the scheduler until interrupted "
        + "(Ctrl-C or SIGTERM: running jobs get 5 s to finish, are then cancelled and stop cleanly).")
final class ServeCommand extends CommandBase {

    /** Both graces together stay below the 15 s the CLI's shutdown hook waits for the command. */
    static final Duration FINISH_GRACE = Duration.ofSeconds(5);
    static final Duration STOP_GRACE = Duration.ofSeconds(8);

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8420",
            description = "Address to listen on (default 127.0.0.1:8420: this machine only).")
    String listen;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Serve HTTPS with the certificate and key "
            + "in this PKCS#12 file; its password comes from --tls-password-file or CAIRN_TLS_PASSWORD.")
    Path keystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File whose first line is the "
            + "keystore's password.")
    Path keystorePasswordFile;

    @Override
    public Integer call() throws Exception {
        CairnConfig config = SiteConfigs.load(global(), env());
        ServerSettings settings;
        try {
            settings = ServerSettings.listen(listen, tls(), FINISH_GRACE, STOP_GRACE);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Output out = output();
        AtomicReference<CairnServer> started = new AtomicReference<>();
        try (SiteOperationsFactory.Backend backend = main.operations().open(config, global(), env(), out,
                key -> Optional.ofNullable(started.get()).flatMap(s -> s.schedule(key)))) {
            Catalog catalog = backend.catalog();
            CairnServer server;
            try {
                server = CairnServer.start(new CairnServer.Parts(config, catalog, backend.operations(),
                        backend.probe(), env().clock(), settings));
                started.set(server);
            } catch (RuntimeException e) {
                if (isBindFailure(e)) {
                    throw new UserError("cannot listen on " + listen + ": " + rootMessage(e) + " (is another "
                            + "server using the port? choose one with --listen HOST:PORT)");
                }
                throw e;
            }
            server.interruptedAtStart().forEach(r -> out.message("job " + r.id() + " (" + r.kind() + " of site "
                    + r.site() + ") was interrupted by the previous shutdown or crash: marked failed"));
            out.message("cairn serve: listening on " + server.uri() + " (" + config.sites().size() + " sites, "
                    + config.schedules().size() + " schedules, catalog " + catalog.url() + "); Ctrl-C stops");
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException stop) {
                out.message("cairn serve: stopping; running jobs get " + FINISH_GRACE.toSeconds() + " s to finish");
            } finally {
                boolean clean = server.shutdown();
                out.message(clean ? "cairn serve: stopped" : "cairn serve: stopped; some jobs did not stop in time "
                        + "and will be marked interrupted at the next start");
            }
        }
        return ExitCodes.OK;
    }

    private ServerSettings.Tls tls() throws IOException {
        if (keystore == null) {
            if (keystorePasswordFile != null) {
                throw new UserError("--tls-password-file needs --tls-keystore");
            }
            return null;
        }
        if (!Files.isReadable(keystore)) {
            throw new UserError("--tls-keystore " + keystore + " is not a readable file");
        }
        String password;
        if (keystorePasswordFile != null) {
            password = Files.readAllLines(keystorePasswordFile, StandardCharsets.UTF_8).stream().findFirst()
                    .orElse("");
        } else {
            password = env().env().get("CAIRN_TLS_PASSWORD");
            if (password == null) {
                throw new UserError("--tls-keystore needs its password: --tls-password-file FILE or "
                        + "CAIRN_TLS_PASSWORD");
            }
        }
        return new ServerSettings.Tls(keystore.toAbsolutePath(), password);
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
