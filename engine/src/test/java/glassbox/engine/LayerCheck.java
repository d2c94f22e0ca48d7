package glassbox.engine;

import java.util.Random;

/**
 * Finite-difference checks for one layer on its own: the loss L = Σ r ⊙ layer(x) for a fixed random r,
 * so dL/d(output) = r; backward's dL/dx and dL/dparam are compared with (L(v + ε) − L(v − ε)) / 2ε.
 */
final class LayerCheck {
    private LayerCheck() {}

    record Gaps(double input, double params) {
        double worst() { return Math.max(input, params); }
    }

    static Gaps check(Layer layer, int batch, float epsilon, long seed) {
        Random random = new Random(seed);
        layer.allocate(batch);
        float[] x = new float[batch * layer.inputShape().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        float[] r = new float[batch * layer.outputShape().size()];
        for (int i = 0; i < r.length; i++) r[i] = (float) random.nextGaussian();
        for (Param p : layer.params()) if (p.trained()) java.util.Arrays.fill(p.grad(), 0f);
        layer.forward(x, batch, true);
        float[] dx = new float[x.length];
        layer.backward(x, r.clone(), dx, batch);
        double inputGap = 0;
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            x[i] = saved + epsilon;
            double plus = loss(layer, x, r, batch);
            x[i] = saved - epsilon;
            double minus = loss(layer, x, r, batch);
            x[i] = saved;
            inputGap = Math.max(inputGap, gap(dx[i], (plus - minus) / (2 * epsilon)));
        }
        double paramGap = 0;
        for (Param p : layer.params()) {
            if (!p.trained()) continue;
            for (int i = 0; i < p.size(); i++) {
                float saved = p.value()[i];
                p.value()[i] = saved + epsilon;
                double plus = loss(layer, x, r, batch);
                p.value()[i] = saved - epsilon;
                double minus = loss(layer, x, r, batch);
                p.value()[i] = saved;
                paramGap = Math.max(paramGap, gap(p.grad()[i], (plus - minus) / (2 * epsilon)));
            }
        }
        return new Gaps(inputGap, paramGap);
    }

    static double loss(Layer layer, float[] x, float[] r, int batch) {
        layer.forward(x, batch, true);
        float[] a = layer.output();
        double s = 0;
        for (int i = 0; i < r.length; i++) s += (double) r[i] * a[i];
        return s;
    }

    static double gap(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-2);
    }
}
