package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * Pooling: each channel is cut into K x K windows moved by S (S = K: no overlap), and each window is
 * summarised by its largest value (max pooling) or its mean (average pooling), so a feature found a
 * pixel or two away gives the same answer. Nothing to learn.
 * Backward: max pooling sends dC/da to the window's maximum only; average pooling shares it equally.
 */
public final class Pool implements Layer {
    public enum Kind { MAX, AVG }

    public final Kind kind;
    public final Shape in, out;
    public final int size, stride;
    public float[] a = new float[0];
    private int[] argmax = new int[0];
    // the arrays of the current call, and the bodies that run over planes for Parallel (made once: a call allocates nothing)
    private float[] x, dx, dy;
    private final Parallel.Range forwardPlanes = this::forwardPlanes, backwardPlanes = this::backwardPlanes;

    public Pool(Kind kind, Shape in, int size, int stride) {
        this.kind = kind;
        this.in = in;
        this.size = size;
        this.stride = stride;
        this.out = new Shape(in.channels(), ConvKernels.outputSize(in.height(), size, stride, 0), ConvKernels.outputSize(in.width(), size, stride, 0));
    }

    @Override public Shape inputShape() { return in; }

    @Override public Shape outputShape() { return out; }

    @Override public void allocate(int maxBatch) {
        if (a.length >= maxBatch * out.size()) return;
        a = new float[maxBatch * out.size()];
        if (kind == Kind.MAX) argmax = new int[maxBatch * out.size()];
    }

    @Override public void forward(float[] aPrev, int batch, boolean training) {
        x = aPrev;
        Parallel.forRange(batch * in.channels(), in.height() * in.width(), forwardPlanes);
        x = null;
    }

    @Override public float[] output() { return a; }

    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        if (dAPrev == null) return;
        dy = dA;
        dx = dAPrev;
        Parallel.forRange(batch * in.channels(), in.height() * in.width(), backwardPlanes);
        dy = dx = null;
    }

    /** Planes [p0, p1): one channel of one image each. */
    private void forwardPlanes(int p0, int p1) {
        if (kind == Kind.MAX) ConvKernels.maxPoolForward(a, argmax, x, p0, p1, in.height(), in.width(), size, stride, out.height(), out.width());
        else ConvKernels.avgPoolForward(a, x, p0, p1, in.height(), in.width(), size, stride, out.height(), out.width());
    }

    private void backwardPlanes(int p0, int p1) {
        if (kind == Kind.MAX) ConvKernels.maxPoolBackward(dx, dy, argmax, p0, p1, in.height(), in.width(), out.height(), out.width());
        else ConvKernels.avgPoolBackward(dx, dy, p0, p1, in.height(), in.width(), size, stride, out.height(), out.width());
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public String spec() { return (kind == Kind.MAX ? "maxpool" : "avgpool") + size + (stride != size ? "s" + stride : ""); }

    @Override public void initialize(Initializer init, Random random) {}

    @Override public String toString() { return spec() + " " + in + "->" + out; }
}
