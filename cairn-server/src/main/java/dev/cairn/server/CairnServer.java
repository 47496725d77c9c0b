package dev.cairn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.jobs.JobRegistry;
import dev.cairn.engine.jobs.RegistryClosedException;
import dev.cairn.engine.jobs.SiteBusyException;
import dev.cairn.engine.jobs.SiteOperations;
import dev.cairn.engine.schedule.LoadProbe;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cairn serve}: the REST API, the job registry and the scheduler in one process. Start-up order: mirror
 * the configured sites and schedules into the catalog, mark jobs a crash left running as
 * {@code failed: interrupted} (and have their stale locks released), start the scheduler, then HTTP. Shutdown
 * ({@link #close()}) reverses it: the scheduler stops planning, running jobs get {@code finishGrace} to finish and
 * are then cancelled (they stop cleanly and release their locks), then HTTP stops.
 */
public final class CairnServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

    /** What the server is built from; the catalog stays owned by the caller. */
    public record Parts(CairnConfig config, Catalog catalog, SiteOperations operations, LoadProbe probe, Clock clock,
            ServerSettings settings) {
    }

    private final Parts parts;
    private final JobRegistry registry;
    private final ScheduleRunner schedules;
    private final List<JobRunStore.JobRun> interrupted;
    private final Javalin app;
    private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();

    private CairnServer(Parts p) {
        this.parts = p;
        for (SiteConfig site : p.config().sites().values()) {
            p.catalog().sites().upsert(site.name(), site.database() == null ? null : site.database().url());
            p.catalog().schedules().sync(site.name(), site.schedules());
        }
        registry = new JobRegistry(p.operations(), p.catalog(), p.config().scheduler().maxConcurrentJobs(),
                p.clock());
        interrupted = registry.recoverInterrupted();
        interrupted.forEach(r -> LOG.warn("job {} ({} of site {}) was interrupted by a previous shutdown or crash; "
                + "marked failed", r.id(), r.kind(), r.site()));
        schedules = new ScheduleRunner(p.config(), p.catalog(), registry, p.probe(), p.clock());
        Services services = new Services(p.config(), p.catalog(), registry, p.operations(), schedules, p.clock());
        Access access = new Access(p.catalog().apiTokens());
        Audit audit = new Audit(p.catalog().auditLog());
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.http.maxRequestSize = 1 << 20;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.jetty.host = p.settings().host();
            cfg.jetty.port = p.settings().port();
            if (p.settings().tls() != null) {
                cfg.jetty.addConnector((server, http) -> tlsConnector(server, http, p.settings()));
            }
            cfg.events.handlerAdded(meta -> {
                if (!meta.getRoles().isEmpty()) {
                    routes.add(meta.getHttpMethod().name() + " " + meta.getPath());
                }
            });
            cfg.routes.beforeMatched(access::check);
            cfg.routes.after(audit::record);
            cfg.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
            cfg.routes.exception(SiteBusyException.class, (e, ctx) -> {
                ctx.header("Location", "/api/jobs/" + e.runningJobId());
                error(ctx, 409, e.getMessage());
            });
            cfg.routes.exception(RegistryClosedException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
            cfg.routes.error(404, ctx -> {
                // Javalin's own "not found" (no such route) as JSON like every other error; ours are JSON already.
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    error(ctx, 404, "no endpoint " + ctx.method().name() + " " + ctx.path()
                            + " (see /api/openapi.json)");
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error: " + e);
            });
            new SitesApi(services).register(cfg.routes);
            new BackupsApi(services).register(cfg.routes);
            new JobsApi(services).register(cfg.routes);
            new SchedulesApi(services).register(cfg.routes);
        });
    }

    /**
     * Starts the server.
     *
     * @throws io.javalin.util.JavalinException (or a wrapped bind error) when the address cannot be bound
     */
    public static CairnServer start(Parts parts) {
        CairnServer server = new CairnServer(parts);
        server.schedules.start();
        try {
            server.app.start();
        } catch (RuntimeException e) {
            try {
                server.schedules.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return server;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** How many listening connectors Jetty has (one: HTTP or, with TLS, HTTPS only). */
    int connectorCount() {
        return app.jettyServer().server().getConnectors().length;
    }

    /** The base URI clients use. */
    public URI uri() {
        String host = parts.settings().host().contains(":") ? "[" + parts.settings().host() + "]"
                : parts.settings().host();
        return URI.create((parts.settings().tls() == null ? "http" : "https") + "://" + host + ":" + port());
    }

    /** A schedule by key: cairn.yaml's or one created through the API. */
    public java.util.Optional<dev.cairn.engine.config.ScheduleConfig> schedule(
            dev.cairn.engine.schedule.ScheduleKey key) {
        return schedules.schedule(key);
    }

    /** The server's jobs (the API's {@code /api/jobs}). */
    public JobRegistry jobs() {
        return registry;
    }

    /** Every endpoint as {@code METHOD /path/{param}} (the OpenAPI document must describe each). */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** The jobs a previous process left running, marked {@code failed: interrupted} at this start-up. */
    public List<JobRunStore.JobRun> interruptedAtStart() {
        return interrupted;
    }

    /** Graceful shutdown; returns whether every job ended within the graces. */
    public boolean shutdown() throws InterruptedException {
        schedules.close();
        boolean clean = registry.shutdown(parts.settings().finishGrace(), parts.settings().stopGrace());
        if (!clean) {
            LOG.warn("some jobs did not stop within the shutdown grace; they will be marked interrupted at the next "
                    + "start-up");
        }
        app.stop();
        return clean;
    }

    @Override
    public void close() throws InterruptedException {
        shutdown();
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", status).put("error", message);
        ctx.status(status).json(body);
    }

    private static ServerConnector tlsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration http,
            ServerSettings settings) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(settings.tls().keystore().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(settings.tls().password());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        return connector;
    }
}
