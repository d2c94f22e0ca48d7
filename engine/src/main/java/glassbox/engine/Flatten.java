package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * Reads channels x height x width maps as one long vector (the same numbers, in the same order), as a
 * dense layer sees them. A dense layer after a convolution flattens by itself; this layer says so.
 */
public final class Flatten implements Layer {
    public final Shape in, out;
    private float[] a = new float[0];

    public Flatten(Shape in) {
        this.in = in;
        this.out = Shape.vector(in.size());
    }

    @Override public Shape inputShape() { return in; }

    @Override public Shape outputShape() { return out; }

    @Override public void allocate(int maxBatch) {}

    /** a is the input itself: nothing moves. */
    @Override public void forward(float[] aPrev, int batch, boolean training) { a = aPrev; }

    @Override public float[] output() { return a; }

    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        if (dAPrev != null) System.arraycopy(dA, 0, dAPrev, 0, batch * in.size());
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public String spec() { return "flatten"; }

    @Override public void initialize(Initializer init, Random random) {}

    @Override public String toString() { return "flatten " + in + "->" + out; }
}
