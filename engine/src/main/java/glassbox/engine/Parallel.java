package glassbox.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one place that decides whether work is split across cores. Small products run on the caller's
 * thread (a hand-off costs more than a 10x784x16 product); large ones are cut into chunks of whole
 * tiles that the caller and the helper threads claim one at a time. The kernels make every output
 * element with the same operations in the same order whatever the split, so results do not depend on
 * the number of threads, nor on who ran which chunk.
 * <p>
 * Claiming (rather than handing each thread a fixed half) keeps a busy machine from stalling us: if a
 * helper is slow to get a core, the caller takes its chunks. Helpers spin briefly, then park; a split
 * allocates nothing. One split runs at a time: a caller that finds the helpers busy (another thread's
 * product, or a nested call) does all the work itself. {@code -Dglassbox.threads=1} turns splitting off.
 */
public final class Parallel {
    /** Below this many multiply-adds, one thread is faster. */
    public static final long MIN_WORK_TO_SPLIT = 200_000;
    /** A float copied (im2col, gathering a mini-batch) costs about as much as this many multiply-adds. */
    public static final long COPY_COST = 4;
    /**
     * Jobs of at least this much work per chunk get two chunks per thread, others one: more chunks
     * balance better on a busy machine, but each chunk packs its own copy of the shared operand.
     */
    private static final long CHUNK_WORK = 64_000_000;

    private static final int THREADS = Math.max(1, Integer.getInteger("glassbox.threads",
            Runtime.getRuntime().availableProcessors()));
    /** How long an idle thread spins before it parks (training posts work every few microseconds). */
    private static final long SPIN_NANOS = 200_000;

    private static final Helper[] HELPERS = new Helper[THREADS - 1];
    private static final AtomicInteger BUSY = new AtomicInteger();

    // the current split: generation << 32 | next chunk; chunks are claimed by compare-and-set
    private static final int CLOSED = Integer.MAX_VALUE;
    private static final AtomicLong TICKET = new AtomicLong(CLOSED);
    private static final AtomicInteger RUNNING = new AtomicInteger();   // helpers inside the current split
    private static volatile Range body;
    private static volatile int items, grain, units, chunks;
    private static volatile Throwable failure;

    static {
        for (int h = 0; h < HELPERS.length; h++) {
            HELPERS[h] = new Helper("glassbox-kernel-" + (h + 1));
            HELPERS[h].start();
        }
    }

    private Parallel() {}

    private static volatile int limit = THREADS;

    /** The number of threads splits may use: the cores, or fewer after {@link #useThreads}. */
    public static int threads() { return limit; }

    /** Limits splits to n threads (1 = the caller alone), for tests and benchmarks; results do not change. */
    public static void useThreads(int n) { limit = Math.max(1, Math.min(THREADS, n)); }

    /** A body that handles items [from, to). Kernels keep one per calling thread, so a call allocates nothing. */
    @FunctionalInterface
    public interface Range { void run(int from, int to); }

    /** Runs body over [0, n), split across cores when n * workPerItem multiply-adds is large enough. */
    public static void forRange(int n, long workPerItem, Range body) { forRange(n, workPerItem, 1, body); }

    /** As {@link #forRange(int, long, Range)}, with every chunk boundary a multiple of grain (the kernels' tile size). */
    public static void forRange(int n, long workPerItem, int grain, Range body) {
        long work = (long) n * workPerItem;
        int units = (n + grain - 1) / grain;
        int threads = limit;
        if (threads == 1 || units < 2 || work < MIN_WORK_TO_SPLIT || !BUSY.compareAndSet(0, 1)) { body.run(0, n); return; }
        try {
            // a whole number of chunks per thread: 3 equal chunks on 2 threads would leave one idle a third of the time
            int chunks = (int) Math.min(units, work >= 2L * threads * CHUNK_WORK ? 2L * threads : threads);
            Parallel.body = body;
            Parallel.items = n;
            Parallel.grain = grain;
            Parallel.units = units;
            Parallel.chunks = chunks;
            long generation = (TICKET.get() >>> 32) + 1;
            TICKET.set(generation << 32);                    // publishes the fields above
            for (Helper h : HELPERS) h.wake();
            Throwable mine = null;
            try {
                while (claimAndRun(generation)) { }
            } catch (Throwable t) {
                mine = t;
                TICKET.set((generation << 32) | CLOSED);      // let nobody start another chunk
            }
            long start = System.nanoTime();
            for (int spins = 0; RUNNING.get() != 0; spins++) {
                Thread.onSpinWait();
                if ((spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) Thread.yield();
            }
            TICKET.set((generation << 32) | CLOSED);          // a late helper must not claim under the next split's sizes
            Throwable theirs = failure;
            failure = null;
            Parallel.body = null;
            if (mine == null) mine = theirs;
            if (mine instanceof RuntimeException re) throw re;
            if (mine instanceof Error e) throw e;
            if (mine != null) throw new IllegalStateException(mine);
        } finally {
            BUSY.set(0);
        }
    }

    /** Claims the next chunk of this generation and runs it; false when none is left. */
    private static boolean claimAndRun(long generation) {
        while (true) {
            long t = TICKET.get();
            int c = (int) t;
            if (t >>> 32 != generation || c >= chunks) return false;
            if (!TICKET.compareAndSet(t, t + 1)) continue;
            int n = items, g = grain, u = units, k = chunks;
            int from = (int) Math.min(n, (long) u * c / k * g), to = (int) Math.min(n, (long) u * (c + 1) / k * g);
            body.run(from, to);
            return true;
        }
    }

    /** A helper thread: woken for each split, it claims chunks until none is left. */
    private static final class Helper extends Thread {
        private volatile long seen;          // the last generation this helper joined
        private volatile boolean sleeping;   // parked (or about to be): wake must unpark it

        Helper(String name) {
            super(name);
            setDaemon(true);
        }

        void wake() {
            if (sleeping) LockSupport.unpark(this);
        }

        @Override public void run() {
            while (true) {
                long start = System.nanoTime();
                for (int spins = 0; TICKET.get() >>> 32 == seen; spins++) {
                    Thread.onSpinWait();
                    if ((spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                        sleeping = true;
                        while (TICKET.get() >>> 32 == seen) LockSupport.park(this);
                        sleeping = false;
                    }
                }
                RUNNING.incrementAndGet();
                long generation = TICKET.get() >>> 32;
                seen = generation;
                try {
                    while (claimAndRun(generation)) { }
                } catch (Throwable t) {
                    failure = t;
                    TICKET.set((generation << 32) | CLOSED);
                } finally {
                    RUNNING.decrementAndGet();
                }
            }
        }
    }
}
