package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * Batch normalisation (Ioffe & Szegedy 2015), then the activation: each channel c is standardised over
 * the batch and every pixel, x̂ = (x − μ_c) / √(σ²_c + ε), rescaled y = γ_c x̂ + β_c, and a = σ(y).
 * (A dense layer's neurons are channels of one pixel.) Training uses the batch's μ and σ² and moves the
 * running averages toward them by {@link #MOMENTUM}; inference uses the running averages, which the
 * model file keeps as state. Backward: with dy = dC/da ⊙ σ'(y) and N values per channel,
 * ∂C/∂γ = Σ dy x̂,  ∂C/∂β = Σ dy,  dC/dx = γ / (N √(σ² + ε)) · (N dy − Σ dy − x̂ Σ dy x̂).
 */
public final class BatchNorm implements Layer {
    public static final float EPSILON = 1e-5f, MOMENTUM = 0.1f;

    public final Shape shape;
    public final Activation activation;
    public final Param gamma, beta, runningMean, runningVar;
    /** The last batch's normalised inputs x̂, rescaled y and activations a, batch x shape each. */
    public float[] xhat = new float[0], y = new float[0], a = new float[0], dy = new float[0];
    private final float[] mean, invStd;
    private final int channels, pixels;
    // the current call, and the bodies that run over channels for Parallel (each channel is independent)
    private float[] x, dX;
    private int batch;
    private boolean training;
    private final Parallel.Range forwardChannels = this::forwardChannels, backwardChannels = this::backwardChannels;

    public BatchNorm(Shape shape, Activation activation, String name) {
        this.shape = shape;
        this.activation = activation;
        this.channels = shape.channels();
        this.pixels = shape.height() * shape.width();
        this.gamma = Param.trained(name + ".weight", new int[] {channels}, false);
        this.beta = Param.trained(name + ".bias", new int[] {channels}, false);
        this.runningMean = Param.state(name + ".running_mean", new int[] {channels});
        this.runningVar = Param.state(name + ".running_var", new int[] {channels});
        this.mean = new float[channels];
        this.invStd = new float[channels];
    }

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override public void allocate(int maxBatch) {
        if (a.length >= maxBatch * shape.size()) return;
        xhat = new float[maxBatch * shape.size()];
        y = new float[maxBatch * shape.size()];
        a = new float[maxBatch * shape.size()];
        dy = new float[maxBatch * shape.size()];
    }

    /** γ = 1, β = 0, running μ = 0 and σ² = 1: the layer starts as the identity. */
    @Override public void initialize(Initializer init, Random random) {
        java.util.Arrays.fill(gamma.value(), 1f);
        java.util.Arrays.fill(beta.value(), 0f);
        java.util.Arrays.fill(runningMean.value(), 0f);
        java.util.Arrays.fill(runningVar.value(), 1f);
    }

    @Override public void forward(float[] x, int batch, boolean training) {
        this.x = x;
        this.batch = batch;
        this.training = training;
        Parallel.forRange(channels, 6L * batch * pixels, forwardChannels);
        this.x = null;
        activation.apply(y, a, batch, shape.size());
    }

    private void forwardChannels(int c0, int c1) {
        float[] g = gamma.value(), bt = beta.value(), rm = runningMean.value(), rv = runningVar.value();
        int n = batch * pixels;
        for (int c = c0; c < c1; c++) {
            float mu, inv;
            if (training) {
                double sum = 0, sq = 0;
                for (int b = 0; b < batch; b++) sum += Kernels.sum(x, (b * channels + c) * pixels, pixels);
                float m = (float) (sum / n);
                for (int b = 0; b < batch; b++) sq += Kernels.sumSquaredDeviations(x, (b * channels + c) * pixels, pixels, m);
                double var = sq / n;
                mu = m;
                inv = (float) (1 / Math.sqrt(var + EPSILON));
                rm[c] += MOMENTUM * (mu - rm[c]);
                rv[c] += MOMENTUM * ((float) (n > 1 ? sq / (n - 1) : var) - rv[c]);
            } else {
                mu = rm[c];
                inv = (float) (1 / Math.sqrt(rv[c] + EPSILON));
            }
            mean[c] = mu;
            invStd[c] = inv;
            for (int b = 0; b < batch; b++) Kernels.normalise(x, xhat, y, (b * channels + c) * pixels, pixels, mu, inv, g[c], bt[c]);
        }
    }

    @Override public float[] output() { return a; }

    @Override public void backward(float[] x, float[] dA, float[] dX, int batch) {
        activation.backprop(y, a, dA, dy, batch, shape.size());
        this.dX = dX;
        this.batch = batch;
        Parallel.forRange(channels, 6L * batch * pixels, backwardChannels);
        this.dX = null;
    }

    private void backwardChannels(int c0, int c1) {
        float[] g = gamma.value(), dg = gamma.grad(), db = beta.grad();
        int n = batch * pixels;
        for (int c = c0; c < c1; c++) {
            double sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < batch; b++) {
                int off = (b * channels + c) * pixels;
                sumDy += Kernels.sum(dy, off, pixels);
                sumDyXhat += Kernels.sumProducts(dy, xhat, off, pixels);
            }
            dg[c] += (float) sumDyXhat;
            db[c] += (float) sumDy;
            if (dX == null) continue;
            float k = g[c] * invStd[c] / n;
            for (int b = 0; b < batch; b++)
                Kernels.normaliseBackward(dy, xhat, dX, (b * channels + c) * pixels, pixels, k, n, (float) sumDy, (float) sumDyXhat);
        }
    }

    @Override public List<Param> params() { return List.of(gamma, beta, runningMean, runningVar); }

    @Override public String spec() { return "bn"; }

    @Override public String toString() { return "bn " + shape + " " + activation.name(); }
}
