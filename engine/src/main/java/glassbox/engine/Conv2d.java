package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * A convolutional layer: each of the {@code filters} output maps is one K x K x C filter slid over the
 * input with stride S over a border of P zeros, so neighbouring pixels meet the same shared weights
 * everywhere: z[o, y, x] = b_o + Σ_{c,ky,kx} w[o, c, ky, kx] · a_prev[c, yS − P + ky, xS − P + kx];  a = σ(z).
 * Weights are stored (O, C, K, K) as in PyTorch. One image at a time, im2col ({@link ConvKernels}) lays
 * the receptive fields out as the columns of cols (CKK, OH·OW), and the layer is a matrix product done by
 * {@link Kernels#gemm}, which lands straight in the (O, OH, OW) planes:  z = w · cols + b.
 * Backward: δ = dC/da ⊙ σ'(z);  ∂C/∂w += δ · colsᵀ;  ∂C/∂b += Σ δ;  dC/da_prev = col2im(wᵀ · δ).
 */
public final class Conv2d implements Layer {
    public final Shape in, out;
    public final int filters, kernel, stride, padding;
    public final Activation activation;
    public final Param weights, biases;
    /** The last batch's weighted inputs z, activations a and errors δ = ∂C/∂z, batch x (filters, OH, OW) each. */
    public float[] z = new float[0], a = new float[0], delta = new float[0];
    private final int ckk, pixels;
    /** One image's receptive fields (CKK, OH·OW) and their gradients. */
    private final float[] cols, dcols;
    // the image im2col and col2im work on, and their bodies for Parallel (made once: a call allocates nothing)
    private float[] image;
    private int imageOffset;
    private final Parallel.Range im2colRows, col2imChannels;
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
        this.cols = new float[ckk * pixels];
        this.dcols = new float[ckk * pixels];
        this.im2colRows = (r0, r1) -> ConvKernels.im2col(cols, image, imageOffset, r0, r1,
                in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width());
        this.col2imChannels = (c0, c1) -> ConvKernels.col2im(image, imageOffset, dcols, c0, c1,
                in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width());
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
    }

    /** Fan-in C·K·K and fan-out O·K·K, as for PyTorch's initialisers. */
    @Override public void initialize(Initializer init, Random random) {
        float[] w = w(), b = b();
        for (int i = 0; i < w.length; i++) w[i] = init.weight(random, ckk, filters * kernel * kernel);
        for (int j = 0; j < filters; j++) b[j] = init.bias(random);
    }

    /** z = w · cols + b, image by image;  a = σ(z). */
    @Override public void forward(float[] aPrev, int batch, boolean training) {
        float[] w = w(), b = b();
        for (int img = 0; img < batch; img++) {
            im2col(aPrev, img * in.size());
            int zOff = img * out.size();
            for (int o = 0; o < filters; o++) java.util.Arrays.fill(z, zOff + o * pixels, zOff + (o + 1) * pixels, b[o]);
            Kernels.gemm(z, zOff, pixels, w, 0, ckk, 1, cols, 0, pixels, 1, filters, pixels, ckk, false);
        }
        activation.apply(z, a, batch, out.size());
    }

    @Override public float[] output() { return a; }

    /** δ = dC/da ⊙ σ'(z); then image by image ∂C/∂w += δ · colsᵀ, ∂C/∂b += Σ δ and dC/da_prev = col2im(wᵀ · δ). */
    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        activation.backprop(z, a, dA, delta, batch, out.size());
        float[] w = w(), dw = weights.grad(), db = biases.grad();
        for (int img = 0; img < batch; img++) {
            int dOff = img * out.size();
            for (int o = 0; o < filters; o++) {
                float s = 0f;
                for (int p = dOff + o * pixels, end = p + pixels; p < end; p++) s += delta[p];
                db[o] += s;
            }
            im2col(aPrev, img * in.size());
            Kernels.gemm(dw, 0, ckk, delta, dOff, pixels, 1, cols, 0, 1, pixels, filters, ckk, pixels, false);
            if (dAPrev == null) continue;
            Kernels.gemm(dcols, 0, pixels, w, 0, 1, ckk, delta, dOff, pixels, 1, ckk, pixels, filters, true);
            java.util.Arrays.fill(dAPrev, img * in.size(), (img + 1) * in.size(), 0f);
            col2im(dAPrev, img * in.size());
        }
    }

    /** cols ← the receptive fields of the image at x[offset], split across cores by rows. */
    private void im2col(float[] x, int offset) {
        image = x;
        imageOffset = offset;
        Parallel.forRange(ckk, Parallel.COPY_COST * pixels, im2colRows);
        image = null;
    }

    /** The image at dx[offset] += dcols put back in place, split across cores by input channel. */
    private void col2im(float[] dx, int offset) {
        image = dx;
        imageOffset = offset;
        Parallel.forRange(in.channels(), Parallel.COPY_COST * kernel * kernel * pixels, col2imChannels);
        image = null;
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
