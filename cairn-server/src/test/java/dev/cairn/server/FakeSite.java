package dev.cairn.server;

import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.jobs.JobContext;
import dev.cairn.engine.jobs.JobRequest;
import dev.cairn.engine.jobs.JobResult;
import dev.cairn.engine.jobs.SiteOperations;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * Site operations for the API tests: each job reports progress ("uploading", 250 of 1000 bytes), then waits until
 * the test releases it, so a test sees a job running, follows its events and decides when it ends.
 */
final class FakeSite implements SiteOperations {

    final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
    final Map<String, Semaphore> releases = new ConcurrentHashMap<>();
    final List<JobRequest> requests = new CopyOnWriteArrayList<>();
    final List<String> interrupted = new CopyOnWriteArrayList<>();
    final List<Long> forgotten = new CopyOnWriteArrayList<>();
    final List<String> locksReleased = new CopyOnWriteArrayList<>();

    CountDownLatch entered(String site) {
        return entered.computeIfAbsent(site, s -> new CountDownLatch(1));
    }

    void release(String site) {
        releases.computeIfAbsent(site, s -> new Semaphore(0)).release();
    }

    private JobResult work(JobRequest request, JobContext context, String step) throws InterruptedException {
        requests.add(request);
        context.progress().phase(step);
        context.progress().totals(10, 1000);
        context.progress().addBytes(250);
        context.progress().addFiles(3);
        entered(request.site()).countDown();
        try {
            releases.computeIfAbsent(request.site(), s -> new Semaphore(0)).acquire();
        } catch (InterruptedException e) {
            interrupted.add(request.site());
            throw e;
        }
        entered.remove(request.site());
        context.progress().addBytes(750);
        return JobResult.succeeded(step + " done", null, null);
    }

    @Override
    public JobResult backup(JobRequest.Backup request, JobContext context) throws InterruptedException {
        return work(request, context, "uploading");
    }

    @Override
    public JobResult restore(JobRequest.Restore request, JobContext context) throws InterruptedException {
        return work(request, context, "restoring");
    }

    @Override
    public JobResult verify(JobRequest.Verify request, JobContext context) throws InterruptedException {
        return work(request, context, "checking");
    }

    @Override
    public Optional<String> manifest(Backup backup) {
        return Optional.of("{\"site\":\"" + backup.site() + "\",\"snapshot\":\"" + backup.snapshotId() + "\"}");
    }

    @Override
    public void forget(Backup backup) {
        forgotten.add(backup.id());
    }

    @Override
    public void releaseStaleLocks(String site) {
        locksReleased.add(site);
    }
}
