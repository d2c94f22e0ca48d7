package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * Dropout (Srivastava et al. 2014): while training, each value is kept with probability 1 − p and
 * scaled by 1/(1 − p), or set to 0, so no neuron can rely on another being there; at test time the
 * layer passes its input through unchanged (the scaling keeps the expected value the same).
 * a = x ⊙ mask;  backward: dC/dx = dC/da ⊙ mask. Masks come from the layer's own seeded random.
 */
public final class Dropout implements Layer {
    public final Shape shape;
    public final float p;
    public float[] a = new float[0], mask = new float[0];
    private Random random = new Random(0);
    private boolean maskHeld;

    public Dropout(Shape shape, float p) {
        if (!(p >= 0 && p < 1)) throw new BadInputException("dropout's probability must be in [0, 1), not " + p + ".");
        this.shape = shape;
        this.p = p;
    }

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override public void allocate(int maxBatch) {
        if (a.length >= maxBatch * shape.size()) return;
        a = new float[maxBatch * shape.size()];
        mask = new float[maxBatch * shape.size()];
    }

    /** Draws the masks from a random seeded by the network's seed. */
    @Override public void initialize(Initializer init, Random random) { this.random = new Random(random.nextLong()); }

    /** Keeps the current mask for the following training passes (for gradient checks, which need a fixed network). */
    public void holdMask(boolean hold) { maskHeld = hold; }

    @Override public void forward(float[] x, int batch, boolean training) {
        int n = batch * shape.size();
        if (!training) { System.arraycopy(x, 0, a, 0, n); return; }
        if (!maskHeld) {
            float keep = 1f / (1f - p);
            for (int i = 0; i < n; i++) mask[i] = random.nextFloat() < p ? 0f : keep;
        }
        for (int i = 0; i < n; i++) a[i] = x[i] * mask[i];
    }

    @Override public float[] output() { return a; }

    @Override public void backward(float[] x, float[] dA, float[] dX, int batch) {
        if (dX == null) return;
        for (int i = 0, n = batch * shape.size(); i < n; i++) dX[i] = dA[i] * mask[i];
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public String spec() { return "dropout" + p; }

    @Override public String toString() { return spec(); }
}
