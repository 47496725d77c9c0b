package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.AuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules created, changed and deleted through the API, checked with cairn.yaml's rules, kept across restarts. */
class SchedulesApiTest {

    @TempDir
    Path dir;

    @Test
    void apiSchedulesAreCreatedChangedDeletedAndSurviveARestart() throws Exception {
        try (Fixture f = new Fixture(dir).start(Duration.ZERO)) {
            String admin = f.token(Scope.ADMIN);
            Api.Reply created = f.api.post("/api/schedules", admin, """
                    {"site": "shop", "name": "hourly", "frequency": "hourly", "minute": 15, "type": "media",
                     "retention": {"keep-last": 24}}""");
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
            assertThat(created.json().path("origin").asText()).isEqualTo("api");
            assertThat(created.json().path("next_run_at").asText()).contains(":15:00");
            assertThat(created.json().path("definition").path("retention").path("keep-last").asInt()).isEqualTo(24);
            JsonNode list = f.api.get("/api/schedules", f.token(Scope.READ)).json();
            assertThat(list.findValuesAsText("name")).containsExactly("nightly", "hourly");
            assertThat(list.findValuesAsText("origin")).containsExactly("config", "api");

            Api.Reply changed = f.api.put("/api/schedules/shop/hourly", admin,
                    "{\"frequency\": \"hourly\", \"minute\": 45, \"type\": \"media\"}");
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.json().path("next_run_at").asText()).contains(":45:00");

            f.server.close();
            f.start(Duration.ZERO);
            JsonNode again = f.api.get("/api/schedules/shop/hourly", f.token(Scope.READ)).json();
            assertThat(again.path("enabled").asBoolean()).isTrue();
            assertThat(again.path("next_run_at").asText()).contains(":45:00");

            assertThat(f.api.delete("/api/schedules/shop/hourly", admin).status()).isEqualTo(204);
            assertThat(f.api.get("/api/schedules/shop/hourly", admin).status()).isEqualTo(404);
            List<String> actions = f.catalog.auditLog().recent(10).stream().map(AuditLog.Entry::action).toList();
            assertThat(actions).containsExactly("DELETE /api/schedules/{site}/{name}",
                    "PUT /api/schedules/{site}/{name}", "POST /api/schedules");
        }
    }

    @Test
    void invalidOrConflictingSchedulesAreRefused() throws Exception {
        try (Fixture f = new Fixture(dir).start(Duration.ZERO)) {
            String admin = f.token(Scope.ADMIN);
            Api.Reply bad = f.api.post("/api/schedules", admin,
                    "{\"site\": \"shop\", \"name\": \"x\", \"frequency\": \"fortnightly\"}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.error()).startsWith("invalid schedule: frequency:");
            Api.Reply typo = f.api.post("/api/schedules", admin,
                    "{\"site\": \"shop\", \"name\": \"x\", \"frequency\": \"daily\", \"huor\": 3}");
            assertThat(typo.error()).contains("huor").contains("hour");
            Api.Reply location = f.api.post("/api/schedules", admin,
                    "{\"site\": \"shop\", \"name\": \"x\", \"frequency\": \"daily\", \"locations\": [\"mars\"]}");
            assertThat(location.error()).contains("location 'mars' is not one of site shop's locations");
            assertThat(f.api.post("/api/schedules", admin, "{\"frequency\": \"daily\"}").error())
                    .contains("'site' and 'name' are required");
            assertThat(f.api.post("/api/schedules", admin, "{\"site\": \"nope\", \"name\": \"x\"}").status())
                    .isEqualTo(404);
            assertThat(f.api.post("/api/schedules", admin,
                    "{\"site\": \"shop\", \"name\": \"bad name!\", \"frequency\": \"daily\"}").error())
                    .contains("schedule name 'bad name!'");
            assertThat(f.api.post("/api/schedules", f.token(Scope.BACKUP),
                    "{\"site\": \"shop\", \"name\": \"x\", \"frequency\": \"daily\"}").status()).isEqualTo(403);
            // cairn.yaml's schedules are changed in the file only.
            Api.Reply taken = f.api.post("/api/schedules", admin,
                    "{\"site\": \"blog\", \"name\": \"nightly\", \"frequency\": \"daily\"}");
            assertThat(taken.status()).isEqualTo(409);
            assertThat(f.api.put("/api/schedules/blog/nightly", admin, "{\"frequency\": \"daily\"}").status())
                    .isEqualTo(409);
            Api.Reply fromFile = f.api.delete("/api/schedules/blog/nightly", admin);
            assertThat(fromFile.status()).isEqualTo(409);
            assertThat(fromFile.error()).contains("defined in cairn.yaml");
            assertThat(f.api.get("/api/schedules", admin).json()).hasSize(1);
        }
    }
}
