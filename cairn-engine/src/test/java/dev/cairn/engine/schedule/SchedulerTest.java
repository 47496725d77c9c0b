package dev.cairn.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final ManualClock clock = ManualClock.at(Instant.parse("2024-05-01T00:00:00Z"));
    private final SteppingExecutor executor = new SteppingExecutor();
    private final InMemoryRunHistory history = new InMemoryRunHistory();
    private final List<ScheduledRun> ran = new ArrayList<>();
    private final JobRunner runner = run -> {
        ran.add(run);
        return new JobOutcome.Succeeded("ok");
    };

    static Schedule daily(String site, String name, int hour, int minute) {
        return new Schedule(new ScheduleKey(site, name), new Timing(new ScheduleSpec.Daily(hour, minute),
                ZoneOffset.UTC), true, Duration.ZERO, null);
    }

    private Scheduler scheduler(int limit, LoadProbe probe, Schedule... schedules) {
        Scheduler s = new Scheduler(List.of(schedules), runner, history, probe, limit, clock, new Random(42),
                executor);
        s.start();
        return s;
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void aRunStartsWhenDueAndTheNextIsPlanned() {
        Scheduler s = scheduler(2, LoadProbe.NONE, daily("blog", "nightly", 2, 0));
        assertThat(s.nextWakeUp()).contains(t("2024-05-01T02:00:00Z"));
        clock.set(t("2024-05-01T01:59:59Z"));
        assertThat(s.tick()).isEmpty();
        clock.set(t("2024-05-01T02:00:00Z"));
        assertThat(s.tick()).extracting(ScheduledRun::nominalTime).containsExactly(t("2024-05-01T02:00:00Z"));
        assertThat(s.running()).isEqualTo(1);
        executor.runAll();
        assertThat(s.running()).isZero();
        assertThat(history.entries()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isInstanceOf(JobOutcome.Succeeded.class);
            assertThat(e.run().catchUp()).isFalse();
        });
        assertThat(s.planned()).extracting(Scheduler.Planned::nominal).containsExactly(t("2024-05-02T02:00:00Z"));
        assertThat(s.tick()).isEmpty();
    }

    @Test
    void neverTwoRunsOfOneSiteAtOnce() {
        Scheduler s = scheduler(4, LoadProbe.NONE, daily("blog", "db", 2, 0), daily("blog", "media", 2, 0),
                daily("shop", "db", 2, 0));
        clock.set(t("2024-05-01T02:00:00Z"));
        assertThat(s.tick()).extracting(r -> r.key().site()).containsExactlyInAnyOrder("blog", "shop");
        assertThat(s.tick()).isEmpty();
        // Every planned run belongs to a busy site: the loop waits for a finish, not for a time (no spinning).
        assertThat(s.nextWakeUp()).isEmpty();
        executor.runNext(); // one of the first two finishes
        executor.runNext();
        assertThat(s.tick()).extracting(ScheduledRun::key).singleElement()
                .satisfies(k -> assertThat(k.site()).isEqualTo("blog"));
        assertThat(s.running()).isEqualTo(1);
    }

    @Test
    void theGlobalLimitStartsTheEarliestDueFirst() {
        Scheduler s = scheduler(2, LoadProbe.NONE, daily("a", "x", 3, 0), daily("b", "x", 1, 0),
                daily("c", "x", 2, 0));
        clock.set(t("2024-05-01T04:00:00Z"));
        assertThat(s.tick()).extracting(r -> r.key().site()).containsExactly("b", "c");
        assertThat(s.tick()).isEmpty();
        executor.runNext();
        assertThat(s.tick()).extracting(r -> r.key().site()).containsExactly("a");
    }

    @Test
    void aRunMissedDuringDowntimeRunsOnceAtStartUp() {
        ScheduleKey key = new ScheduleKey("blog", "nightly");
        history.setLastRun(key, t("2024-04-28T02:00:00Z")); // then down for three nights
        clock.set(t("2024-05-01T10:00:00Z"));
        Scheduler s = scheduler(2, LoadProbe.NONE, daily("blog", "nightly", 2, 0));
        assertThat(s.tick()).singleElement().satisfies(r -> {
            assertThat(r.catchUp()).isTrue();
            assertThat(r.nominalTime()).isEqualTo(t("2024-04-29T02:00:00Z"));
        });
        executor.runAll();
        assertThat(s.tick()).isEmpty();
        assertThat(s.planned()).extracting(Scheduler.Planned::nominal).containsExactly(t("2024-05-02T02:00:00Z"));
    }

    @Test
    void withoutCatchUpOrHistoryAMissedRunWaitsForItsNextTime() {
        ScheduleKey key = new ScheduleKey("blog", "nightly");
        history.setLastRun(key, t("2024-04-28T02:00:00Z"));
        clock.set(t("2024-05-01T10:00:00Z"));
        Schedule noCatchUp = new Schedule(key, daily("blog", "nightly", 2, 0).timing(), false, Duration.ZERO, null);
        Scheduler s = scheduler(2, LoadProbe.NONE, noCatchUp, daily("never-ran", "nightly", 2, 0));
        assertThat(s.tick()).isEmpty();
        assertThat(s.planned()).extracting(Scheduler.Planned::nominal).containsOnly(t("2024-05-02T02:00:00Z"));
    }

    @Test
    void runsMissedWhileTheSiteWasBusyCoalesceIntoOne() {
        Schedule hourly = new Schedule(new ScheduleKey("blog", "hourly"),
                new Timing(new ScheduleSpec.Hourly(0), ZoneOffset.UTC), true, Duration.ZERO, null);
        Scheduler s = scheduler(2, LoadProbe.NONE, hourly);
        clock.set(t("2024-05-01T01:00:00Z"));
        assertThat(s.tick()).hasSize(1);
        for (int h = 2; h <= 4; h++) {
            clock.set(t("2024-05-01T0" + h + ":00:00Z"));
            assertThat(s.tick()).isEmpty(); // the 01:00 run is still going
        }
        clock.set(t("2024-05-01T04:30:00Z"));
        executor.runAll();
        assertThat(s.tick()).singleElement().satisfies(r -> assertThat(r.startedAt()).isEqualTo(clock.instant()));
        assertThat(s.planned()).extracting(Scheduler.Planned::nominal).containsExactly(t("2024-05-01T05:00:00Z"));
    }

    @Test
    void jitterDelaysEachRunByASeededAmountWithinTheBound() {
        Schedule jittered = new Schedule(new ScheduleKey("blog", "nightly"), daily("blog", "n", 2, 0).timing(),
                true, Duration.ofMinutes(10), null);
        List<Duration> delays = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            ManualClock c = ManualClock.at(t("2024-05-01T00:00:00Z"));
            SteppingExecutor ex = new SteppingExecutor();
            Scheduler s = new Scheduler(List.of(jittered), run -> new JobOutcome.Succeeded(""),
                    new InMemoryRunHistory(), LoadProbe.NONE, 1, c, new Random(7), ex);
            s.start();
            for (int day = 0; day < 20; day++) {
                Scheduler.Planned p = s.planned().get(0);
                Duration delay = Duration.between(p.nominal(), p.due());
                assertThat(delay).isBetween(Duration.ZERO, Duration.ofMinutes(10));
                c.set(p.due().minusMillis(1));
                assertThat(s.tick()).isEmpty();
                c.set(p.due());
                assertThat(s.tick()).hasSize(1);
                ex.runAll();
                if (round == 0) {
                    delays.add(delay);
                } else {
                    assertThat(delay).as("same seed, same jitter").isEqualTo(delays.get(day));
                }
            }
        }
        assertThat(delays.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void inTheQuietWindowTheRunWaitsForTheQuietestMomentItCanMeasure() {
        ScriptedLoadProbe probe = new ScriptedLoadProbe(clock)
                .from(t("2024-05-01T01:00:00Z"), 5).from(t("2024-05-01T01:30:00Z"), 3)
                .from(t("2024-05-01T02:00:00Z"), 4).from(t("2024-05-01T02:30:00Z"), 6)
                .from(t("2024-05-01T03:00:00Z"), 2).from(t("2024-05-01T03:30:00Z"), 1);
        Schedule quiet = new Schedule(new ScheduleKey("blog", "nightly"), daily("blog", "n", 1, 0).timing(), true,
                Duration.ZERO, new QuietWindow(LocalTime.of(1, 0), LocalTime.of(5, 0), Duration.ofMinutes(30)));
        Scheduler s = scheduler(1, probe, quiet);
        List<ScheduledRun> started = driveUntilStarted(s);
        // Watches 01:00-02:28 (37 % of the window), then starts at the first sample as quiet as any seen: 03:00.
        assertThat(started).singleElement().satisfies(r -> {
            assertThat(r.startedAt()).isEqualTo(t("2024-05-01T03:00:00Z"));
            assertThat(r.nominalTime()).isEqualTo(t("2024-05-01T01:00:00Z"));
        });
        assertThat(probe.sampledAt).containsExactly(t("2024-05-01T01:00:00Z"), t("2024-05-01T01:30:00Z"),
                t("2024-05-01T02:00:00Z"), t("2024-05-01T02:30:00Z"), t("2024-05-01T03:00:00Z"));
    }

    @Test
    void aQuietWindowSpanningMidnightInBerlin() {
        // 23:00-03:00 Berlin (CEST, UTC+2) = 21:00-01:00 UTC; watches until 22:28:48 UTC, then the first quietest.
        ScriptedLoadProbe probe = new ScriptedLoadProbe(clock)
                .from(t("2024-05-01T21:00:00Z"), 5).from(t("2024-05-01T21:30:00Z"), 4)
                .from(t("2024-05-01T22:00:00Z"), 3).from(t("2024-05-01T22:30:00Z"), 2);
        Schedule quiet = new Schedule(new ScheduleKey("blog", "n"), new Timing(new ScheduleSpec.Daily(23, 0),
                ZoneId.of("Europe/Berlin")), true, Duration.ZERO,
                new QuietWindow(LocalTime.of(23, 0), LocalTime.of(3, 0), Duration.ofMinutes(30)));
        Scheduler s = scheduler(1, probe, quiet);
        assertThat(driveUntilStarted(s)).singleElement()
                .satisfies(r -> assertThat(r.startedAt()).isEqualTo(t("2024-05-01T22:30:00Z")));
    }

    @Test
    void aSiteThatStaysBusyIsBackedUpAtTheEndOfTheQuietWindow() {
        ScriptedLoadProbe probe = new ScriptedLoadProbe(clock).from(t("2024-05-01T00:00:00Z"), 1)
                .from(t("2024-05-01T01:20:00Z"), 50).from(t("2024-05-01T01:40:00Z"), 40);
        Schedule quiet = new Schedule(new ScheduleKey("blog", "nightly"), daily("blog", "n", 1, 0).timing(), true,
                Duration.ZERO, new QuietWindow(LocalTime.of(1, 0), LocalTime.of(2, 0), Duration.ofMinutes(20)));
        Scheduler s = scheduler(1, probe, quiet);
        assertThat(driveUntilStarted(s)).singleElement()
                .satisfies(r -> assertThat(r.startedAt()).isEqualTo(t("2024-05-01T02:00:00Z")));
    }

    @Test
    void aProbeThatFailsStartsTheRunAtOnce() {
        Schedule quiet = new Schedule(new ScheduleKey("blog", "nightly"), daily("blog", "n", 1, 0).timing(), true,
                Duration.ZERO, new QuietWindow(LocalTime.of(23, 0), LocalTime.of(5, 0), Duration.ofMinutes(5)));
        Scheduler s = scheduler(1, site -> {
            throw new java.io.IOException("database unreachable");
        }, quiet);
        clock.set(t("2024-05-01T01:00:00Z"));
        assertThat(s.tick()).hasSize(1);
    }

    @Test
    void aFailingJobIsRecordedAndTheSchedulerGoesOn() {
        Scheduler s = new Scheduler(List.of(daily("blog", "n", 2, 0)), run -> {
            throw new IllegalStateException("disk full");
        }, history, LoadProbe.NONE, 1, clock, new Random(1), executor);
        s.start();
        clock.set(t("2024-05-01T02:00:00Z"));
        s.tick();
        executor.runAll();
        assertThat(history.entries()).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(new JobOutcome.Failed("disk full")));
        clock.set(t("2024-05-02T02:00:00Z"));
        assertThat(s.tick()).hasSize(1);
    }

    @Test
    void dailyInBerlinAcrossBothTransitionsDrivenByTheClock() {
        clock.set(t("2024-03-29T00:00:00Z"));
        Schedule berlin = new Schedule(new ScheduleKey("blog", "n"), new Timing(new ScheduleSpec.Daily(2, 30),
                ZoneId.of("Europe/Berlin")), true, Duration.ZERO, null);
        Scheduler s = scheduler(1, LoadProbe.NONE, berlin);
        List<Instant> starts = new ArrayList<>();
        for (Instant next = s.nextWakeUp().orElseThrow(); next.isBefore(t("2024-10-29T00:00:00Z"));
                next = s.nextWakeUp().orElseThrow()) {
            clock.set(next);
            s.tick().forEach(r -> starts.add(r.startedAt()));
            executor.runAll();
        }
        assertThat(starts).contains(t("2024-03-31T01:00:00Z"), t("2024-10-27T00:30:00Z"))
                .doesNotContain(t("2024-10-27T01:30:00Z"));
        assertThat(starts).hasSize((int) java.time.temporal.ChronoUnit.DAYS.between(
                java.time.LocalDate.of(2024, 3, 29), java.time.LocalDate.of(2024, 10, 29)));
    }

    @Test
    void runsExecuteOnVirtualThreads() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        boolean[] virtual = new boolean[1];
        try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
            Scheduler s = new Scheduler(List.of(daily("blog", "n", 2, 0)), run -> {
                virtual[0] = Thread.currentThread().isVirtual();
                done.countDown();
                return new JobOutcome.Succeeded("");
            }, history, LoadProbe.NONE, 1, clock, new Random(1), vt);
            s.start();
            clock.set(t("2024-05-01T02:00:00Z"));
            s.tick();
            done.await();
        }
        assertThat(virtual[0]).isTrue();
    }

    /** Advances the clock from wake-up to wake-up, ticking, until something starts (bounded). */
    private List<ScheduledRun> driveUntilStarted(Scheduler s) {
        for (int i = 0; i < 100; i++) {
            clock.set(s.nextWakeUp().orElseThrow());
            List<ScheduledRun> started = s.tick();
            if (!started.isEmpty()) {
                return started;
            }
        }
        throw new AssertionError("nothing started after 100 wake-ups");
    }
}
