package glassbox.bench;

import glassbox.engine.Kernels;

import java.util.Random;

/**
 * Quick figures without JMH: GFLOP/s of matmulForward and matmulBackward on the shapes that matter,
 * best of a few timed rounds after a warm-up. Run: java [jvm flags] -cp bench/target/benchmarks.jar
 * glassbox.bench.KernelTimes [B,I,O ...]
 */
public final class KernelTimes {
    public static void main(String[] args) {
        String[] shapes = args.length > 0 ? args : new String[] {"10,784,16", "10,784,30", "100,784,16", "100,784,30",
                "512,512,512", "60000,784,100", "50176,800,64"};
        for (String s : shapes) {
            String[] p = s.split(",");
            int B = Integer.parseInt(p[0]), I = Integer.parseInt(p[1]), O = Integer.parseInt(p[2]);
            Random r = new Random(1);
            float[] inp = fill(new float[B * I], r), w = fill(new float[O * I], r), bias = fill(new float[O], r);
            float[] out = new float[B * O], dout = fill(new float[B * O], r), dinp = new float[B * I], dw = new float[O * I], db = new float[O];
            double flop = 2.0 * B * I * O;
            double fwd = best(() -> Kernels.matmulForward(out, inp, w, bias, B, I, O), flop);
            double bw = best(() -> Kernels.matmulBackward(null, dw, db, dout, inp, w, B, I, O), flop);
            double bx = best(() -> Kernels.matmulBackward(dinp, dw, db, dout, inp, w, B, I, O), 2 * flop);
            var mx = (com.sun.management.ThreadMXBean) THREADS;
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                Kernels.matmulForward(out, inp, w, bias, B, I, O);
                Kernels.matmulBackward(dinp, dw, db, dout, inp, w, B, I, O);
            }
            long bytes = (mx.getCurrentThreadAllocatedBytes() - before) / 100;
            System.out.printf("%-16s forward %6.1f GFLOP/s   backward dw %6.1f   backward dw+dinp %6.1f   allocated %d B per forward+backward%n",
                    s, fwd, bw, bx, bytes);
        }
    }

    static float[] fill(float[] a, Random r) {
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian() * 0.1f;
        return a;
    }

    /** With -Dcpu=true, GFLOP/s per CPU-second of this thread (for tuning one thread on a busy machine). */
    static final boolean CPU = Boolean.getBoolean("cpu");
    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    static long now() { return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime(); }

    /** Best GFLOP/s over rounds of ~0.2 s each, after a warm-up of ~1 s. */
    static double best(Runnable f, double flop) {
        long reps = Math.max(1, (long) (2e7 / flop));
        double best = 0;
        long warmEnd = now() + 1_000_000_000L;
        while (now() < warmEnd) for (long i = 0; i < reps; i++) f.run();
        for (int round = 0; round < 40; round++) {
            long t = now();
            for (long i = 0; i < reps; i++) f.run();
            best = Math.max(best, flop * reps / (now() - t));
        }
        return best;
    }
}
