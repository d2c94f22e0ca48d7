package glassbox.engine;

import java.util.List;

/**
 * An exponential moving average of a network's weights (Polyak & Juditsky 1992; decay 0.999 per step in
 * An et al. 2020's MNIST committee): after every learning step, w̄ ← d·w̄ + (1 − d)·w for each trained
 * parameter, batch norm's γ and β included, starting from the weights training starts with. The average
 * forgets them as d^t (half after 693 steps at 0.999), so it suits long runs.
 * Batch norm's running mean and variance are not averaged again: they already are averages (of the last
 * ten or so batches), and they describe the activations of recent weights, which the slow-moving average
 * is close to; {@link #network()} copies them from the live network, as TensorFlow's and torch_ema's
 * averages of the trainable variables do.
 */
public final class WeightAverage {
    private final Network live, average;
    private final float decay;

    public WeightAverage(Network live, float decay) {
        assert decay > 0 && decay < 1;
        this.live = live;
        this.average = live.copy();
        this.decay = decay;
    }

    /** After a step: w̄ ← d·w̄ + (1 − d)·w, element by element (the same bits on any number of threads). */
    public void update() {
        List<Param> ws = live.params(), means = average.params();
        float keep = decay, take = 1f - decay;
        for (int p = 0; p < ws.size(); p++) {
            if (!ws.get(p).trained()) continue;
            float[] w = ws.get(p).value(), mean = means.get(p).value();
            for (int i = 0; i < w.length; i++) mean[i] = keep * mean[i] + take * w[i];
        }
    }

    /** The averaged network, with the live network's batch-norm statistics: what is evaluated and saved. */
    public Network network() {
        List<Param> ws = live.params(), means = average.params();
        for (int p = 0; p < ws.size(); p++)
            if (!ws.get(p).trained()) System.arraycopy(ws.get(p).value(), 0, means.get(p).value(), 0, ws.get(p).size());
        return average;
    }
}
