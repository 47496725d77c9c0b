package dev.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Wraps a storage and makes chosen calls fail, for tests of everything above storage (retry, upload, prune,
 * restore). Rules belong to the instance, so tests running in parallel do not disturb each other. Calls that no
 * rule fails go to the wrapped storage. Every call is counted, failed or not ({@link #calls}).
 *
 * <p>Most faults strike before the call reaches the wrapped storage. Two strike late, as a connection that breaks
 * at the end would: a failed save has first read its content through (so a retry must replay the source), and a
 * failed list has first passed on every name (so a retry must not pass them twice).
 */
public final class FaultInjectingStorage extends ForwardingStorage {

    /** The storage operations a rule can target. */
    public enum Operation { SAVE, OPEN, STAT, LIST, REMOVE, CREATE }

    /**
     * {@code when} is null for rules on every call of {@code op}; {@code remaining < 0} means unlimited; a
     * {@code late} rule lets the call reach the wrapped storage and fails it afterwards (a lost reply).
     */
    private record Rule(Operation op, Predicate<Handle> when, AtomicInteger remaining,
            Supplier<? extends IOException> fault, boolean late) {

        boolean matches(Operation call, Handle handle) {
            return op == call && (when == null || handle != null && when.test(handle));
        }

        boolean consume() {
            return remaining.get() < 0 || remaining.getAndUpdate(r -> r > 0 ? r - 1 : r) > 0;
        }
    }

    private record ReadBreak(long after, AtomicInteger remaining, Supplier<? extends IOException> fault) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<ReadBreak> readBreaks = new CopyOnWriteArrayList<>();
    private final Map<Operation, AtomicInteger> calls = new EnumMap<>(Operation.class);
    private final AtomicLong savedBytes = new AtomicLong();
    private volatile long diskFullAfter = Long.MAX_VALUE;

    /** Wraps {@code inner}; with no rules yet, every call passes through. */
    public FaultInjectingStorage(Storage inner) {
        super(Objects.requireNonNull(inner, "inner"));
        for (Operation op : Operation.values()) {
            calls.put(op, new AtomicInteger());
        }
    }

    /** Fails the next {@code times} calls of {@code op} with a fresh exception from {@code fault}. */
    public FaultInjectingStorage failNext(Operation op, int times, Supplier<? extends IOException> fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        rules.add(new Rule(op, null, new AtomicInteger(times), fault, false));
        return this;
    }

    /**
     * Lets the next {@code times} calls of {@code op} reach the wrapped storage, then fails them with a fresh
     * exception from {@code fault}: the request was carried out but its reply was lost, so a retry meets its
     * effect (a saved file is there, a removed one is gone). An opened stream is closed before the fault.
     */
    public FaultInjectingStorage loseNextReply(Operation op, int times, Supplier<? extends IOException> fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, got " + times);
        }
        rules.add(new Rule(op, null, new AtomicInteger(times), fault, true));
        return this;
    }

    /**
     * The streams of the next {@code times} opens fail with a fresh exception from {@code fault} once {@code bytes}
     * bytes have been read from them (or at their end, if shorter), as a connection that breaks during a download.
     */
    public FaultInjectingStorage breakNextReads(long bytes, int times, Supplier<? extends IOException> fault) {
        if (times < 1 || bytes < 0) {
            throw new IllegalArgumentException("need times >= 1 and bytes >= 0, got " + times + " and " + bytes);
        }
        readBreaks.add(new ReadBreak(bytes, new AtomicInteger(times), fault));
        return this;
    }

    /**
     * Fails every call of {@code op} on a handle that {@code when} accepts, until {@link #clear()}. Calls without
     * a handle (list, create) never match; use {@link #failNext} for those.
     */
    public FaultInjectingStorage failWhen(Operation op, Predicate<Handle> when, Supplier<? extends IOException> fault) {
        rules.add(new Rule(op, Objects.requireNonNull(when, "when"), new AtomicInteger(-1), fault, false));
        return this;
    }

    /**
     * Simulates a disk that fills up: once {@code bytes} have been saved in total (counting from this instance's
     * creation), every save that would go beyond fails with {@link StorageException.Permanent} "no space left on
     * device", exactly as the local backend reports a real full disk, and saves nothing.
     */
    public FaultInjectingStorage diskFullAfter(long bytes) {
        diskFullAfter = bytes;
        return this;
    }

    /** Drops all rules and the disk-full limit; call counts stay. */
    public FaultInjectingStorage clear() {
        rules.clear();
        readBreaks.clear();
        diskFullAfter = Long.MAX_VALUE;
        return this;
    }

    /** How many times {@code op} was called, including calls that were made to fail. */
    public int calls(Operation op) {
        return calls.get(op).get();
    }

    @Override
    public void create() throws IOException {
        Rule rule = rule(Operation.CREATE, null);
        early(rule);
        inner.create();
        late(rule);
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        Rule rule = rule(Operation.SAVE, handle);
        if (rule != null && !rule.late()) {
            IOException fault = rule.fault().get();
            try (InputStream in = content.open()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            throw fault;
        }
        long length = content.length();
        if (savedBytes.addAndGet(length) > diskFullAfter) {
            savedBytes.addAndGet(-length);
            throw LocalErrors.classify(location(), "save", handle.toString(),
                    new IOException("No space left on device"));
        }
        try {
            inner.save(handle, content);
        } catch (IOException | RuntimeException e) {
            savedBytes.addAndGet(-length);
            throw e;
        }
        late(rule);
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        Rule rule = rule(Operation.OPEN, handle);
        early(rule);
        InputStream in = inner.open(handle, offset, length);
        if (rule != null) {
            in.close();
            late(rule);
        }
        for (ReadBreak b : readBreaks) {
            if (b.remaining().getAndUpdate(r -> Math.max(0, r - 1)) > 0) {
                return new BreakingStream(in, b.after(), b.fault());
            }
        }
        return in;
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        Rule rule = rule(Operation.STAT, handle);
        early(rule);
        FileInfo info = inner.stat(handle);
        late(rule);
        return info;
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        Rule rule = rule(Operation.LIST, null);
        inner.list(type, each);
        if (rule != null) {
            throw rule.fault().get();
        }
    }

    @Override
    public void remove(Handle handle) throws IOException {
        Rule rule = rule(Operation.REMOVE, handle);
        early(rule);
        inner.remove(handle);
        late(rule);
    }

    @Override
    public String toString() {
        return inner + " (fault injecting)";
    }

    private static void early(Rule rule) throws IOException {
        if (rule != null && !rule.late()) {
            throw rule.fault().get();
        }
    }

    private static void late(Rule rule) throws IOException {
        if (rule != null && rule.late()) {
            throw rule.fault().get();
        }
    }

    /** Counts the call and returns the first matching rule with firings left (using one up), or null. */
    private Rule rule(Operation op, Handle handle) {
        calls.get(op).incrementAndGet();
        for (Rule rule : rules) {
            if (rule.matches(op, handle) && rule.consume()) {
                return rule;
            }
        }
        return null;
    }

    /** Passes on {@code after} bytes, then fails every read. */
    private static final class BreakingStream extends java.io.FilterInputStream {
        private final Supplier<? extends IOException> fault;
        private long left;

        BreakingStream(InputStream in, long after, Supplier<? extends IOException> fault) {
            super(in);
            this.left = after;
            this.fault = fault;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = left <= 0 ? -1 : in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw fault.get();
            }
            left -= n;
            return n;
        }
    }
}
