package glassbox.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one place that decides whether work is split across cores. Small products run on the caller's
 * thread (a hand-off costs more than a 10x784x16 product); large ones are cut into contiguous ranges,
 * one per core, so every output element is computed by the same operations in the same order
 * whatever the split: results do not depend on the number of threads.
 */
public final class Parallel {
    /** Below this many multiply-adds, one thread is faster. */
    public static final long MIN_WORK_TO_SPLIT = 400_000;

    private static final int THREADS = Math.max(1, Integer.getInteger("glassbox.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "glassbox-kernel");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    public static int threads() { return THREADS; }

    /** A body that handles items [from, to). */
    @FunctionalInterface
    public interface Range { void run(int from, int to); }

    /** Runs body over [0, n), split into equal ranges across cores when n * workPerItem is large enough. */
    public static void forRange(int n, long workPerItem, Range body) {
        int parts = (int) Math.min(THREADS, Math.min(n, (n * workPerItem) / MIN_WORK_TO_SPLIT));
        if (parts <= 1) { body.run(0, n); return; }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts), to = (int) ((long) n * (p + 1) / parts);
            futures[p - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / parts));
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a kernel thread", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

}
