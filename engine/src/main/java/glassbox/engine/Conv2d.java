package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * A convolutional layer: each of the {@code filters} output maps is one K x K x C filter slid over the
 * input with stride S over a border of P zeros, so neighbouring pixels meet the same shared weights
 * everywhere: z[o, y, x] = b_o + Σ_{c,ky,kx} w[o, c, ky, kx] · a_prev[c, yS − P + ky, xS − P + kx];  a = σ(z).
 * Weights are stored (O, C, K, K) as in PyTorch. Computed as a matrix product on im2col rows
 * ({@link ConvKernels}) by {@link Kernels}, a few images at a time so the rows stay in cache.
 * Backward: δ = dC/da ⊙ σ'(z);  ∂C/∂w = Σ δ · cols;  ∂C/∂b = Σ δ;  dC/da_prev = col2im(δ · w).
 */
public final class Conv2d implements Layer {
    /** About this many floats of im2col rows are built at once (4 MB: a few images of a big layer). */
    static int CHUNK_FLOATS = Integer.getInteger("glassbox.convChunk", 1 << 17);

    public final Shape in, out;
    public final int filters, kernel, stride, padding;
    public final Activation activation;
    public final Param weights, biases;
    /** The last batch's weighted inputs z, activations a and errors δ = ∂C/∂z, batch x (filters, OH, OW) each. */
    public float[] z = new float[0], a = new float[0], delta = new float[0];
    private final int ckk, pixels, chunk;
    private float[] cols = new float[0], dcols = new float[0], rows = new float[0];

    public Conv2d(Shape in, int filters, int kernel, int stride, int padding, Activation activation, String name) {
        this.in = in;
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.activation = activation;
        int oh = ConvKernels.outputSize(in.height(), kernel, stride, padding), ow = ConvKernels.outputSize(in.width(), kernel, stride, padding);
        this.out = new Shape(filters, oh, ow);
        this.ckk = in.channels() * kernel * kernel;
        this.pixels = oh * ow;
        this.chunk = Math.max(1, CHUNK_FLOATS / (pixels * ckk));
        this.weights = Param.trained(name + ".weight", new int[] {filters, in.channels(), kernel, kernel}, true);
        this.biases = Param.trained(name + ".bias", new int[] {filters}, false);
    }

    public float[] w() { return weights.value(); }

    public float[] b() { return biases.value(); }

    @Override public Shape inputShape() { return in; }

    @Override public Shape outputShape() { return out; }

    @Override public void allocate(int maxBatch) {
        if (z.length >= maxBatch * out.size()) return;
        z = new float[maxBatch * out.size()];
        a = new float[maxBatch * out.size()];
        delta = new float[maxBatch * out.size()];
        int n = Math.min(chunk, maxBatch);
        cols = new float[n * pixels * ckk];
        dcols = new float[n * pixels * ckk];
        rows = new float[n * pixels * filters];
    }

    /** Fan-in C·K·K and fan-out O·K·K, as for PyTorch's initialisers. */
    @Override public void initialize(Initializer init, Random random) {
        float[] w = w(), b = b();
        for (int i = 0; i < w.length; i++) w[i] = init.weight(random, ckk, filters * kernel * kernel);
        for (int j = 0; j < filters; j++) b[j] = init.bias(random);
    }

    /** z = w ⋆ a_prev + b, as cols · wᵀ + b chunk by chunk;  a = σ(z). */
    @Override public void forward(float[] aPrev, int batch, boolean training) {
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int n = Math.min(chunk, batch - b0);
            im2col(aPrev, b0, n);
            Kernels.matmulForward(rows, cols, w(), b(), n * pixels, ckk, filters);
            ConvKernels.rowsToPlanes(z, rows, b0, n, pixels, filters);
        }
        activation.apply(z, a, batch, out.size());
    }

    @Override public float[] output() { return a; }

    /** δ = dC/da ⊙ σ'(z); then per chunk ∂C/∂w += δᵀ · cols, ∂C/∂b += Σ δ and dC/da_prev = col2im(δ · w). */
    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        activation.backprop(z, a, dA, delta, batch, out.size());
        if (dAPrev != null) java.util.Arrays.fill(dAPrev, 0, batch * in.size(), 0f);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int n = Math.min(chunk, batch - b0);
            im2col(aPrev, b0, n);
            ConvKernels.planesToRows(rows, delta, b0, n, pixels, filters);
            if (dAPrev != null) java.util.Arrays.fill(dcols, 0, n * pixels * ckk, 0f);
            Kernels.matmulBackward(dAPrev == null ? null : dcols, weights.grad(), biases.grad(), rows, cols, w(), n * pixels, ckk, filters);
            if (dAPrev != null) col2im(dAPrev, b0, n);
        }
    }

    /** cols ← the receptive fields of images [b0, b0 + n), split across cores by image. */
    private void im2col(float[] aPrev, int b0, int n) {
        Parallel.forRange(n, (long) pixels * ckk, (i0, i1) -> ConvKernels.im2col(cols, i0 * pixels * ckk, aPrev, b0 + i0, i1 - i0,
                in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width()));
    }

    /** dC/da_prev of images [b0, b0 + n) += dcols put back in place, split across cores by image. */
    private void col2im(float[] dAPrev, int b0, int n) {
        Parallel.forRange(n, (long) pixels * ckk, (i0, i1) -> ConvKernels.col2im(dAPrev, dcols, i0 * pixels * ckk, b0 + i0, i1 - i0,
                in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width()));
    }

    @Override public List<Param> params() { return List.of(weights, biases); }

    @Override public String spec() {
        String s = "conv" + kernel + "x" + kernel + "x" + filters;
        if (stride != 1) s += "s" + stride;
        if (padding != kernel / 2) s += "p" + padding;
        return s;
    }

    @Override public String toString() { return spec() + " " + in + "->" + out + " " + activation.name(); }
}
