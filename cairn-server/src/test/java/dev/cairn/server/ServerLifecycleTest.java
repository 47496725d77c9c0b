package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.jobs.JobStatus;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress as Server-Sent Events, graceful shutdown, and recovery of jobs a crash interrupted. */
class ServerLifecycleTest {

    @TempDir
    Path dir;

    /** One SSE event: its name and JSON data. */
    record Event(String name, JsonNode data) {
    }

    @Test
    void aClientReceivesProgressAndTheEndOfAJobAsServerSentEvents() throws Exception {
        try (Fixture f = new Fixture(dir).start(Duration.ZERO)) {
            long id = f.api.post("/api/sites/blog/backups", f.token(Scope.BACKUP), "{}").json().path("id").asLong();
            f.site.entered("blog").await();
            HttpResponse<InputStream> stream = f.api.client().send(f.api.request("/api/jobs/" + id + "/events",
                    f.token(Scope.READ)).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("text/event-stream"));
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(),
                    StandardCharsets.UTF_8))) {
                List<Event> events = new ArrayList<>();
                // The job is blocked inside its work: the stream must already show it running with progress.
                events.add(next(in));
                events.add(next(in));
                assertThat(events).extracting(Event::name).containsExactly("status", "progress");
                assertThat(events.get(0).data().path("status").asText()).isEqualTo("running");
                JsonNode progress = events.get(1).data();
                assertThat(progress.path("step").asText()).isEqualTo("uploading");
                assertThat(progress.path("current").asLong()).isEqualTo(250);
                assertThat(progress.path("total").asLong()).isEqualTo(1000);
                assertThat(progress.path("unit").asText()).isEqualTo("bytes");
                f.site.release("blog");
                Event e;
                do {
                    e = next(in);
                    events.add(e);
                } while (!e.name().equals("end"));
                assertThat(e.data().path("status").asText()).isEqualTo("succeeded");
                assertThat(e.data().path("progress").path("current").asLong()).isEqualTo(1000);
                assertThat(events).extracting(Event::name).contains("status");
                assertThat(in.readLine()).isNull(); // the server closes the stream after "end"
            }
            // Following a finished job gives its status and end at once.
            HttpResponse<String> again = f.api.client().send(f.api.request("/api/jobs/" + id + "/events",
                    f.token(Scope.READ)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.body()).contains("event: status").contains("event: end").contains("succeeded");
            assertThat(f.api.get("/api/jobs/" + id + "/events", null).status()).isEqualTo(401);
            assertThat(f.api.get("/api/jobs/999/events", f.token(Scope.READ)).status()).isEqualTo(404);
        }
    }

    @Test
    void shutdownLetsAJobFinishWithinTheGrace() throws Exception {
        Fixture f = new Fixture(dir).start(Duration.ofMinutes(5));
        try {
            long id = f.api.post("/api/sites/blog/backups", f.token(Scope.BACKUP), "{}").json().path("id").asLong();
            f.site.entered("blog").await();
            f.site.release("blog");
            assertThat(f.server.shutdown()).isTrue();
            assertThat(f.catalog.jobRuns().get(id).status()).isEqualTo(JobRunStore.Status.SUCCEEDED);
            assertThat(f.site.interrupted).isEmpty();
            f.server = null;
        } finally {
            f.close();
        }
    }

    @Test
    void shutdownCancelsRunningJobsCleanlyAndAfterACrashTheirRowsAreMarkedInterrupted() throws Exception {
        Fixture f = new Fixture(dir).start(Duration.ZERO);
        long cancelledJob;
        try {
            cancelledJob = f.api.post("/api/sites/blog/backups", f.token(Scope.BACKUP), "{}").json().path("id")
                    .asLong();
            f.site.entered("blog").await();
            assertThat(f.server.shutdown()).isTrue();
            f.server = null;
            assertThat(f.site.interrupted).containsExactly("blog");
            JobRunStore.JobRun row = f.catalog.jobRuns().get(cancelledJob);
            assertThat(row.status()).isEqualTo(JobRunStore.Status.FAILED);
            assertThat(row.message()).isEqualTo("cancelled");
            // The port is closed.
            assertThat(f.catalog.jobRuns().recent("blog", 10)).allMatch(r -> r.status() != JobRunStore.Status.RUNNING);
            // A crash: a job row left running by a process that died.
            JobRunStore.JobRun crashed = f.catalog.jobRuns().start("restore", "shop", null, "manual", null);
            f.start(Duration.ZERO);
            assertThat(f.server.interruptedAtStart()).extracting(JobRunStore.JobRun::id).containsExactly(crashed.id());
            assertThat(f.site.locksReleased).containsExactly("shop");
            JsonNode job = f.api.get("/api/jobs/" + crashed.id(), f.token(Scope.READ)).json();
            assertThat(job.path("status").asText()).isEqualTo(JobStatus.FAILED.key());
            assertThat(job.path("message").asText()).isEqualTo("interrupted");
            assertThat(f.api.get("/api/jobs/" + cancelledJob, f.token(Scope.READ)).json().path("status").asText())
                    .isEqualTo("cancelled");
        } finally {
            f.close();
        }
    }

    /** Reads the next event (skipping comments); fails if the stream ends first. */
    static Event next(BufferedReader in) throws Exception {
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null) {
                throw new AssertionError("the event stream ended before the next event");
            }
            if (line.isEmpty()) {
                if (name != null) {
                    return new Event(name, Json.MAPPER.readTree(data.toString()));
                }
                continue;
            }
            if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.append(line.substring(6));
            }
        }
    }
}
