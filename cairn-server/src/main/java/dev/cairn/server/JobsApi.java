package dev.cairn.server;

import dev.cairn.engine.catalog.ApiTokenStore;
import dev.cairn.engine.jobs.JobKind;
import dev.cairn.engine.jobs.JobRegistry;
import dev.cairn.engine.jobs.JobStatus;
import dev.cairn.engine.jobs.JobView;
import dev.cairn.server.Access.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** Jobs: status, cancel, and progress as Server-Sent Events. */
final class JobsApi {

    /** How often the event stream polls a running job's progress counters (the model is polled, not pushed). */
    private static final Duration POLL = Duration.ofMillis(500);
    /** A comment line after this many quiet polls keeps proxies from closing an idle stream. */
    private static final int KEEP_ALIVE_POLLS = 30;

    private final Services s;

    JobsApi(Services services) {
        this.s = services;
    }

    void register(RoutesConfig r) {
        r.get("/api/jobs", ctx -> ctx.json(s.jobs().active()), Role.READ);
        r.get("/api/jobs/{id}", ctx -> ctx.json(job(ctx)), Role.READ);
        r.delete("/api/jobs/{id}", this::cancel, Role.BACKUP);
        r.get("/api/jobs/{id}/events", this::events, Role.READ);
    }

    private JobView job(Context ctx) {
        long id = Params.id(ctx, "id");
        return s.jobs().find(id).orElseThrow(() -> ApiError.notFound("no job " + id));
    }

    private void cancel(Context ctx) {
        JobView job = job(ctx);
        ApiTokenStore.ApiToken token = ctx.attribute(Access.TOKEN);
        if (job.kind() == JobKind.RESTORE && !token.scope().allows(ApiTokenStore.Scope.RESTORE)) {
            throw new ApiError(403, "cancelling a restore needs scope 'restore'");
        }
        ctx.attribute(Audit.TARGET, "job " + job.id() + " (" + job.kind().key() + " of site " + job.site() + ")");
        JobRegistry.CancelOutcome outcome = s.jobs().cancel(job.id());
        if (outcome == JobRegistry.CancelOutcome.ALREADY_FINISHED) {
            throw ApiError.conflict("job " + job.id() + " already ended (" + job.status().key() + ")");
        }
        ctx.status(202).json(s.jobs().find(job.id()).orElse(job));
    }

    /**
     * {@code text/event-stream}: a {@code status} event with the whole job at once and on every status change, a
     * {@code progress} event whenever the counters moved, and a final {@code end} event with the finished job;
     * then the stream closes. A client reconnecting to a finished job gets {@code status} and {@code end} at once.
     */
    private void events(Context ctx) throws InterruptedException {
        JobView job = job(ctx);
        try {
            stream(ctx, job);
        } catch (IOException clientGone) {
            // The client closed the stream (or the network dropped it): nothing to answer any more.
        }
    }

    private void stream(Context ctx, JobView first) throws IOException, InterruptedException {
        JobView job = first;
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        ServletOutputStream out = res.getOutputStream();
        long seq = 0;
        JobStatus lastStatus = null;
        JobView.JobProgress lastProgress = null;
        int quiet = 0;
        while (true) {
            boolean sent = false;
            if (job.status() != lastStatus) {
                send(out, ++seq, "status", job);
                lastStatus = job.status();
                sent = true;
            }
            if (job.progress() != null && !Objects.equals(job.progress(), lastProgress)) {
                send(out, ++seq, "progress", job.progress());
                lastProgress = job.progress();
                sent = true;
            }
            if (job.status().isFinal()) {
                send(out, ++seq, "end", job);
                return;
            }
            quiet = sent ? 0 : quiet + 1;
            if (quiet >= KEEP_ALIVE_POLLS) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                quiet = 0;
            }
            job = s.jobs().await(job.id(), POLL).orElseThrow();
        }
    }

    private static void send(ServletOutputStream out, long id, String event, Object data) throws IOException {
        String frame = "id: " + id + "\nevent: " + event + "\ndata: " + Json.write(data) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
