package dev.cairn.engine.schedule;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that only queues; the test runs the tasks when it wants, on its own thread. */
final class SteppingExecutor implements Executor {

    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        queue.add(task);
    }

    int pending() {
        return queue.size();
    }

    void runNext() {
        queue.removeFirst().run();
    }

    void runAll() {
        while (!queue.isEmpty()) {
            runNext();
        }
    }
}
