package glassbox.engine;

import java.util.Random;

/**
 * Backprop checked against central finite differences: for parameters w (a sample of each tensor),
 * ∂C/∂w ≈ (C(w + ε) − C(w − ε)) / 2ε, with C summed over a batch and added up in double.
 * Used by the tests of every layer, activation and cost; the lab's lessons can show it too.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** The largest relative gap |analytic − numeric| / max(|analytic| + |numeric|, floor) over the sampled parameters. */
    public static double maxRelativeError(Network net, float[] x, float[] y, int batch, float epsilon, int samplesPerParam, long seed) {
        net.zeroGradients();
        net.backprop(x, y, batch);
        Random random = new Random(seed);
        double worst = 0;
        for (Param p : net.params()) {
            if (!p.trained()) continue;
            int k = Math.min(samplesPerParam, p.size());
            for (int s = 0; s < k; s++) {
                int i = k == p.size() ? s : random.nextInt(p.size());
                double numeric = numericGradient(net, p, i, x, y, batch, epsilon);
                double analytic = p.grad()[i];
                double gap = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-3);
                worst = Math.max(worst, gap);
            }
        }
        return worst;
    }

    /** (C(w_i + ε) − C(w_i − ε)) / 2ε, leaving w_i as it was. */
    public static double numericGradient(Network net, Param p, int i, float[] x, float[] y, int batch, float epsilon) {
        float saved = p.value()[i];
        p.value()[i] = saved + epsilon;
        double plus = cost(net, x, y, batch);
        p.value()[i] = saved - epsilon;
        double minus = cost(net, x, y, batch);
        p.value()[i] = saved;
        return (plus - minus) / (2.0 * epsilon);
    }

    /** The batch's summed cost with training-mode forward (so layers behave as during backprop). */
    public static double cost(Network net, float[] x, float[] y, int batch) {
        float[] a = net.feedforward(x, batch, true);
        return net.cost().cost(a, y, batch, net.outputSize());
    }

    /** A random batch for checks: inputs in [0, 1), one-hot targets. */
    public static float[][] randomBatch(Network net, int batch, long seed) {
        Random r = new Random(seed);
        float[] x = new float[batch * net.inputSize()], y = new float[batch * net.outputSize()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int b = 0; b < batch; b++) y[b * net.outputSize() + r.nextInt(net.outputSize())] = 1f;
        return new float[][] {x, y};
    }
}
