package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * A convolutional layer: each of the {@code filters} output maps is one K x K x C filter slid over the
 * input with stride S over a border of P zeros, so neighbouring pixels meet the same shared weights
 * everywhere: z[o, y, x] = b_o + Σ_{c,ky,kx} w[o, c, ky, kx] · a_prev[c, yS − P + ky, xS − P + kx];  a = σ(z).
 * Weights are stored (O, C, K, K) as in PyTorch. Per image, the layer is a matrix product z = w · cols + b,
 * where cols (CKK, OH·OW) holds the receptive fields as columns (im2col, {@link ConvKernels.Geometry}); the
 * product ({@link Kernels#gemmCols}) reads cols straight from the image as it packs them, so they are never
 * written out.
 * Backward: δ = dC/da ⊙ σ'(z);  ∂C/∂b += Σ δ;  ∂C/∂w += δ · colsᵀ;  and dC/da_prev, for stride 1, is itself a
 * convolution: δ convolved with the kernels turned half a circle (w[o, c, K−1−ky, K−1−kx]) over a border of
 * K − 1 − P (for other strides, col2im(wᵀ · δ)). Where {@link Winograd#suits} says so (3x3 and 5x5 kernels over
 * 16 or more channels), those two stride-1 convolutions go through {@link Winograd}, with fewer multiplications,
 * and so does ∂C/∂w when the forward does.
 * The two cores share a batch's images (one image's products are too small to split well); ∂C/∂w, the
 * one sum over images, is shared by filters or taps instead, each element summed image after image (by
 * Winograd: group after group), so the numbers are the same on any number of threads.
 */
public final class Conv2d implements Layer {
    public final Shape in, out;
    public final int filters, kernel, stride, padding;
    public final Activation activation;
    public final Param weights, biases;
    /** The last batch's weighted inputs z, activations a and errors δ = ∂C/∂z, batch x (filters, OH, OW) each. */
    public float[] z = new float[0], a = new float[0], delta = new float[0];
    private final int ckk, pixels;
    /** The forward convolution's shape, and (stride 1) the shape of the input gradient's convolution of δ, else null. */
    private final ConvKernels.Geometry geometry, backwards;
    /** The forward convolution by Winograd's method where {@link Winograd#suits} says it pays, else null. */
    private final Winograd winograd;
    /** Whether the input gradient's convolution goes through Winograd too; made at the first backward (models that only predict never need it). */
    private final boolean backwardsByWinograd;
    private Winograd winogradBackwards;
    /** The kernels turned half a circle, (C, O, K, K): the weights of the input gradient's convolution. */
    private final float[] turned;
    /** Each image's Σ δ per filter, added into ∂C/∂b in image order. */
    private float[] imageBiasGrads = new float[0];
    /** Per thread: one padded image (the product's source of cols), one image's receptive-field gradients (col2im's input, for strides other than 1). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});
    // the arrays of the current call, and the bodies that run over images or filters for Parallel (made once: a call allocates nothing)
    private float[] x, dX;
    private int batchSize;
    private boolean weightGradientByFilters;
    private final Parallel.Range forwardImages = this::forwardImages, backwardImages = this::backwardImages,
            weightGradient = this::weightGradient;

    public Conv2d(Shape in, int filters, int kernel, int stride, int padding, Activation activation, String name) {
        this.in = in;
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.activation = activation;
        this.geometry = new ConvKernels.Geometry(in.channels(), in.height(), in.width(), kernel, stride, padding);
        this.out = new Shape(filters, geometry.OH, geometry.OW);
        this.ckk = geometry.taps();
        this.pixels = geometry.pixels();
        this.backwards = stride == 1 && padding <= kernel - 1 ? geometry.backwards(filters) : null;
        this.turned = new float[backwards == null ? 0 : filters * ckk];
        int C = in.channels(), H = in.height(), W = in.width();
        this.winograd = Winograd.suits(C, kernel, stride, out.height(), out.width()) ? new Winograd(C, H, W, filters, kernel, padding) : null;
        this.backwardsByWinograd = backwards != null && Winograd.suits(filters, kernel, 1, H, W);
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

    /**
     * z = w · cols + b, image by image (or by Winograd's method, a group of images at a time);  a = σ(z). The
     * cores share the batch (each image's product on one thread); a single image shares its product instead.
     * Either way every number is computed the same way.
     */
    @Override public void forward(float[] aPrev, int batch, boolean training) {
        if (winograd != null) {
            winograd.useKernels(w());
            winograd.convolve(z, aPrev, b(), batch);
        } else {
            x = aPrev;
            Parallel.forRange(batch, imageWork(), forwardImages);
            x = null;
        }
        activation.apply(z, a, batch, out.size());
    }

    private void forwardImages(int i0, int i1) {
        float[] w = w(), b = b();
        for (int img = i0; img < i1; img++) {
            int zOff = img * out.size();
            for (int o = 0; o < filters; o++) java.util.Arrays.fill(z, zOff + o * pixels, zOff + (o + 1) * pixels, b[o]);
            float[] xp = scratch(0, geometry.paddedSize());
            geometry.pad(xp, x, img * in.size());
            Kernels.gemmCols(z, zOff, pixels, w, 0, ckk, 1, geometry, xp, false, filters, false);
        }
    }

    @Override public float[] output() { return a; }

    /**
     * δ = dC/da ⊙ σ'(z);  per image (the cores share the images): Σ δ and dC/da_prev;  then ∂C/∂w (by Winograd, or
     * δ · colsᵀ image after image in order, the cores sharing its rows or columns) and ∂C/∂b += Σ δ.
     */
    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        activation.backprop(z, a, dA, delta, batch, out.size());
        if (imageBiasGrads.length < batch * filters) imageBiasGrads = new float[batch * filters];
        x = aPrev;
        dX = dAPrev;
        batchSize = batch;
        if (dX != null && backwards != null) turnKernels();
        Parallel.forRange(batch, imageWork(), backwardImages);
        if (dX != null && backwardsByWinograd) {
            if (winogradBackwards == null) winogradBackwards = new Winograd(filters, out.height(), out.width(), in.channels(), kernel, backwards.P);
            winogradBackwards.useKernels(turned);
            winogradBackwards.convolve(dX, delta, null, batch);
        }
        if (winograd != null) {
            winograd.addWeightGradient(weights.grad(), aPrev, delta, batch);
        } else {
            weightGradientByFilters = filters >= ckk;
            Parallel.forRange(weightGradientByFilters ? filters : ckk, (long) batch * pixels * (weightGradientByFilters ? ckk : filters),
                    weightGradientByFilters ? KernelsGemm.MR : KernelsGemm.NR, weightGradient);
        }
        x = dX = null;
        float[] db = biases.grad();
        for (int img = 0; img < batch; img++)
            for (int o = 0; o < filters; o++) db[o] += imageBiasGrads[img * filters + o];
    }

    /** turned[c, o, ky, kx] = w[o, c, K−1−ky, K−1−kx]. */
    private void turnKernels() {
        float[] w = w();
        int C = in.channels(), K = kernel, KK = K * K;
        for (int o = 0; o < filters; o++)
            for (int c = 0; c < C; c++)
                for (int t = 0; t < KK; t++) turned[(c * filters + o) * KK + t] = w[(o * C + c) * KK + KK - 1 - t];
    }

    private void backwardImages(int i0, int i1) {
        for (int img = i0; img < i1; img++) {
            int dOff = img * out.size();
            for (int o = 0; o < filters; o++) imageBiasGrads[img * filters + o] = (float) Kernels.sum(delta, dOff + o * pixels, pixels);
            if (dX == null || backwardsByWinograd) continue;
            int xOff = img * in.size();
            if (backwards != null) {   // dC/da_prev = the turned kernels convolved over δ
                float[] dp = scratch(0, backwards.paddedSize());
                backwards.pad(dp, delta, dOff);
                Kernels.gemmCols(dX, xOff, in.height() * in.width(), turned, 0, filters * kernel * kernel, 1, backwards, dp, false, in.channels(), true);
            } else {                   // dC/da_prev = col2im(wᵀ · δ)
                float[] dcols = scratch(1, ckk * pixels);
                Kernels.gemm(dcols, 0, pixels, w(), 0, 1, ckk, delta, dOff, pixels, 1, ckk, pixels, filters, true);
                java.util.Arrays.fill(dX, xOff, xOff + in.size(), 0f);
                ConvKernels.col2im(dX, xOff, dcols, in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width());
            }
        }
    }

    /**
     * Rows (filters) or columns (taps) [from, to) of ∂C/∂w += δ · colsᵀ, image after image: the same sums in the
     * same order as one thread doing all of it.
     */
    private void weightGradient(int from, int to) {
        float[] dw = weights.grad();
        int m0 = weightGradientByFilters ? from : 0, m1 = weightGradientByFilters ? to : filters;
        int n0 = weightGradientByFilters ? 0 : from, n1 = weightGradientByFilters ? ckk : to;
        float[] xp = scratch(0, geometry.paddedSize());
        for (int img = 0; img < batchSize; img++) {
            geometry.pad(xp, x, img * in.size());
            Kernels.gemmColsBlock(m0, m1, n0, n1, dw, 0, ckk, delta, img * out.size(), pixels, 1, geometry, xp, true, filters, false);
        }
    }

    /** Multiply-adds of one image's product (plus packing's copies): how Parallel judges a split over images. */
    private long imageWork() { return (long) filters * ckk * pixels + Parallel.COPY_COST * ckk * pixels; }

    /** This thread's buffer i, at least n floats. */
    private static float[] scratch(int i, int n) {
        float[][] s = SCRATCH.get();
        if (s[i].length < n) s[i] = new float[n];
        return s[i];
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
