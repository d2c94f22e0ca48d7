package glassbox.bench;

import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Cost;
import glassbox.engine.Dense;
import glassbox.engine.Initializer;
import glassbox.engine.Layer;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Regularization;
import glassbox.engine.Shape;

import java.util.Random;

/**
 * Where a CNN's training step spends its time, layer by layer, without JMH: the bench's two CNN cases
 * (LeNet-style d and cnn-best's architecture e) at batch 64 on random pixels. Prints milliseconds per
 * batch for each layer's forward and backward, images per second for the whole step, the bytes the step
 * allocates on the calling thread, and one image's latency.
 * Run: java [jvm flags] -cp bench/target/benchmarks.jar glassbox.bench.CnnTimes [arch] [batch]
 */
public final class CnnTimes {
    static final String CASE_D = "conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10";
    static final String CASE_E = "conv5x5x32p0-bn-pool2-conv3x3x64p0-bn-conv3x3x64p0-bn-pool2-fc256-dropout0.4-fc10";

    public static void main(String[] args) {
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        for (String arch : args.length > 0 ? new String[] {args[0]} : new String[] {CASE_D, CASE_E}) time(arch, batch);
    }

    static void time(String arch, int batch) {
        Network net = Network.create(new Architecture(arch, new Shape(1, 28, 28), new Activation.Relu(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()), Initializer.HE, 1);
        Random r = new Random(1);
        float[] x = new float[batch * 784];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < 0.8f ? 0f : r.nextFloat();
        float[] y = new float[batch * 10];
        for (int b = 0; b < batch; b++) y[b * 10 + r.nextInt(10)] = 1f;
        net.allocate(batch);
        Optimizer opt = new Optimizer.Momentum(0.9f);
        int n = net.layers.size();
        long[] fwd = new long[n], bwd = new long[n];
        float[][] dA = new float[n + 1][];
        for (int i = 1; i < n; i++) dA[i] = new float[batch * net.layers.get(i).inputShape().size()];
        long step = 0, bytes = 0;
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // Warm-up: at least 150 steps and 20 s. The JIT keeps C1 off the kernels, so a small one called once a step (the output
        // layer's products) runs in the interpreter, which allocates every vector, until C2 takes it over, 15-20 s into a fresh JVM.
        int timedSteps = 250, warm = -1;
        long warmUntil = System.nanoTime() + Long.getLong("glassbox.warmSeconds", 20) * 1_000_000_000L;
        for (int round = 0; warm < 0 || round < warm + timedSteps; round++) {
            if (warm < 0 && round >= 150 && System.nanoTime() >= warmUntil) {
                warm = round;
                bytes = mx.getCurrentThreadAllocatedBytes();
            }
            boolean timed = warm >= 0;
            long t0 = System.nanoTime();
            net.zeroGradients();
            float[] a = x;
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                net.layers.get(i).forward(a, batch, true);
                if (timed) fwd[i] += System.nanoTime() - t;
                a = net.layers.get(i).output();
            }
            Dense out = net.output();
            net.cost().delta(out.z, out.a, y, out.delta, out.activation, batch, out.fanOut);
            long t = System.nanoTime();
            out.backpropDelta(net.layers.get(n - 2).output(), dA[n - 1], batch);
            if (timed) bwd[n - 1] += System.nanoTime() - t;
            for (int i = n - 2; i >= 0; i--) {
                t = System.nanoTime();
                float[] in = i == 0 ? x : net.layers.get(i - 1).output();
                net.layers.get(i).backward(in, dA[i + 1], i == 0 ? null : dA[i], batch);
                if (timed) bwd[i] += System.nanoTime() - t;
            }
            t = System.nanoTime();
            opt.step(net.params(), 0.01f, batch, Regularization.NONE, 60_000);
            if (timed) { fwd[n - 1] += 0; step += System.nanoTime() - t0; }
        }
        int k = timedSteps;
        bytes = mx.getCurrentThreadAllocatedBytes() - bytes;
        float[] one = java.util.Arrays.copyOf(x, 784);
        for (int i = 0; i < 2000; i++) net.predict(one);
        long[] nanos = new long[2000];
        for (int i = 0; i < nanos.length; i++) { long t0 = System.nanoTime(); net.predict(one); nanos[i] = System.nanoTime() - t0; }
        java.util.Arrays.sort(nanos);
        System.out.printf("one image: median %.3f ms%n", nanos[nanos.length / 2] / 1e6);
        System.out.printf("%s, batch %d: %.2f ms/step, %.0f images/s, %d bytes allocated in %d steps (this thread)%n",
                arch, batch, step / 1e6 / k, batch * k / (step / 1e9), bytes, k);
        for (int i = 0; i < n; i++) {
            Layer l = net.layers.get(i);
            System.out.printf("  %-34s forward %6.3f ms  backward %6.3f ms%n", l.toString(), fwd[i] / 1e6 / k, bwd[i] / 1e6 / k);
        }
    }
}
