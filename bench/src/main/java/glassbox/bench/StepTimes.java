package glassbox.bench;

import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Cost;
import glassbox.engine.Initializer;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Param;
import glassbox.engine.Regularization;
import glassbox.engine.Shape;

import java.util.List;
import java.util.Random;

/**
 * Quick figures without JMH: microseconds per training step (zero gradients, backprop, SGD step) of
 * 784-16-16-10 and 784-30-10 at batch 10 and 100 on random pixels, wall and CPU time, and the bytes a
 * step allocates. Run: java [jvm flags] -cp bench/target/benchmarks.jar glassbox.bench.StepTimes
 */
public final class StepTimes {
    public static void main(String[] args) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (String layers : new String[] {"784-16-16-10", "784-30-10"})
            for (int batch : new int[] {10, 100}) {
                Step s = new Step(layers, batch);
                for (int i = 0; i < 20_000; i++) s.run(i);
                long bytes = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 1_000; i++) s.run(i);
                bytes = mx.getCurrentThreadAllocatedBytes() - bytes;
                double bestWall = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
                for (int round = 0; round < 30; round++) {
                    long w = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < 300; i++) s.run(i);
                    bestWall = Math.min(bestWall, (System.nanoTime() - w) / 300e3);
                    bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c) / 300e3);
                }
                System.out.printf("%-13s batch %3d: %7.1f us/step wall (best), %7.1f us CPU of this thread; %.2f s/epoch at that pace; %d bytes allocated in 1000 steps%n",
                        layers, batch, bestWall, bestCpu, bestWall * 60_000 / batch / 1e6, bytes);
            }
    }

    /** One network and one batch of random pixels; run(i) is one SGD step. */
    static final class Step {
        final Network net;
        final List<Param> params;
        final float[] x;
        final int[] labels;
        final int batch;
        final Optimizer sgd = new Optimizer.Sgd();

        Step(String layers, int batch) {
            this.batch = batch;
            net = Network.create(new Architecture(layers, new Shape(1, 28, 28), new Activation.Sigmoid(), new Activation.Sigmoid(), new Cost.Quadratic()),
                    Initializer.NORMAL, 1);
            params = net.params();
            Random r = new Random(1);
            x = new float[batch * 784];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
            labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = r.nextInt(10);
            net.allocate(batch);
        }

        void run(int i) {
            net.zeroGradients();
            net.backpropLabels(x, labels, batch);
            sgd.step(params, 3f, batch, Regularization.NONE, 60_000);
        }
    }
}
