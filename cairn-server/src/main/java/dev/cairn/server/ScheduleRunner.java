package dev.cairn.server;

import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.CatalogRunHistory;
import dev.cairn.engine.catalog.ScheduleStore;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.config.ScheduleDefinitions;
import dev.cairn.engine.jobs.JobRegistry;
import dev.cairn.engine.jobs.ScheduledBackups;
import dev.cairn.engine.schedule.JobOutcome;
import dev.cairn.engine.schedule.LoadProbe;
import dev.cairn.engine.schedule.RunHistory;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.schedule.ScheduledRun;
import dev.cairn.engine.schedule.Scheduler;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler inside {@code cairn serve}: one thread calls {@link Scheduler#tick()} when
 * {@link Scheduler#nextWakeUp()} says and whenever a run finishes. Runs become backup jobs of the registry
 * ({@link ScheduledBackups}). Enabling or disabling a schedule through the API rebuilds the scheduler from the
 * catalog's active schedules; the run history in the catalog carries over, so nothing is re-run.
 */
final class ScheduleRunner implements AutoCloseable {

    /** Even with nothing planned the loop looks again this often (the wall clock may have jumped). */
    private static final Duration MAX_SLEEP = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);

    private final CairnConfig config;
    private final Catalog catalog;
    private final LoadProbe probe;
    private final Clock clock;
    private final JobRegistry registry;
    private final Executor executor = command -> Thread.ofVirtual().name("cairn-scheduled-run").start(command);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private Scheduler scheduler;
    private List<ScheduleConfig> schedules = List.of();
    private boolean stopped;
    private Thread loop;

    ScheduleRunner(CairnConfig config, Catalog catalog, JobRegistry registry, LoadProbe probe, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.probe = probe;
        this.clock = clock;
        this.registry = registry;
    }

    void start() {
        lock.lock();
        try {
            rebuild();
            loop = Thread.ofPlatform().name("cairn-scheduler").daemon(true).start(this::loop);
        } finally {
            lock.unlock();
        }
    }

    /** Enables or disables a schedule (until the next start-up); empty when there is no such schedule. */
    Optional<ScheduleStore.ScheduleRow> setActive(ScheduleKey key, boolean active) {
        if (schedule(key).isEmpty()) {
            return Optional.empty();
        }
        lock.lock();
        try {
            Optional<ScheduleStore.ScheduleRow> row = catalog.schedules().setActive(key, active);
            rebuild();
            wake.signalAll();
            return row;
        } finally {
            lock.unlock();
        }
    }

    /** Every schedule: cairn.yaml's, then those created through the API, by site and name. */
    List<ScheduleConfig> schedules() {
        lock.lock();
        try {
            return schedules;
        } finally {
            lock.unlock();
        }
    }

    Optional<ScheduleConfig> schedule(ScheduleKey key) {
        return schedules().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * Creates or replaces a schedule defined through the API and plans it.
     *
     * @return false when cairn.yaml defines a schedule of that name
     */
    boolean saveFromApi(ScheduleConfig s, String definition, boolean active) {
        lock.lock();
        try {
            if (!catalog.schedules().saveFromApi(s, definition, active)) {
                return false;
            }
            rebuild();
            wake.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a schedule created through the API; false when there is none. */
    boolean deleteFromApi(ScheduleKey key) {
        lock.lock();
        try {
            boolean removed = catalog.schedules().deleteFromApi(key);
            rebuild();
            wake.signalAll();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Every active schedule's next planned run. */
    List<Scheduler.Planned> planned() {
        lock.lock();
        try {
            return scheduler == null ? List.of() : scheduler.planned();
        } finally {
            lock.unlock();
        }
    }

    /** Stops planning; runs already started continue as registry jobs (the registry's shutdown ends them). */
    @Override
    public void close() throws InterruptedException {
        Thread t;
        lock.lock();
        try {
            stopped = true;
            wake.signalAll();
            t = loop;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            t.join();
        }
    }

    /** Re-reads the schedules (cairn.yaml's and the API's) and re-plans; the catalog's run history carries over. */
    private void rebuild() {
        List<ScheduleConfig> all = new ArrayList<>(config.schedules());
        for (ScheduleStore.ScheduleRow row : catalog.schedules().listFromApi()) {
            ScheduleDefinitions.Result r = ScheduleDefinitions.parse(config, row.site(), row.name(), row.definition(),
                    "api");
            if (r.schedule() == null) {
                // e.g. its location was removed from cairn.yaml since: it cannot run, say why.
                LOG.warn("schedule {} (created through the API) is invalid and does not run: {}", row.key(),
                        r.problems());
            } else {
                all.add(r.schedule());
            }
        }
        schedules = List.copyOf(all);
        RunHistory stored = new CatalogRunHistory(catalog, all.stream()
                .collect(Collectors.toMap(ScheduleConfig::key, ScheduleConfig::timing)));
        RunHistory history = new RunHistory() {
            @Override
            public Optional<Instant> lastRun(ScheduleKey key) {
                return stored.lastRun(key);
            }

            @Override
            public void record(ScheduledRun run, JobOutcome outcome, Instant finishedAt) {
                stored.record(run, outcome, finishedAt);
                signal(); // a slot and a site are free again: something waiting may start now
            }
        };
        List<ScheduleConfig> active = all.stream().filter(sc -> catalog.schedules().find(sc.key())
                .map(ScheduleStore.ScheduleRow::active).orElse(sc.enabled())).toList();
        scheduler = new Scheduler(active.stream().map(ScheduleConfig::schedule).toList(),
                new ScheduledBackups(registry, all), history, probe, config.scheduler().maxConcurrentJobs(), clock,
                new SecureRandom(), executor);
        scheduler.start();
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        lock.lock();
        try {
            while (!stopped) {
                scheduler.tick();
                Instant now = clock.instant();
                Duration sleep = scheduler.nextWakeUp().map(t -> Duration.between(now, t)).orElse(MAX_SLEEP);
                if (sleep.compareTo(MAX_SLEEP) > 0) {
                    sleep = MAX_SLEEP;
                }
                if (sleep.isPositive()) {
                    wake.await(sleep.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
