package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * A convolutional layer: each of the {@code filters} output maps is one K x K x C filter slid over the
 * input with stride S over a border of P zeros, so neighbouring pixels meet the same shared weights
 * everywhere: z[o, y, x] = b_o + Σ_{c,ky,kx} w[o, c, ky, kx] · a_prev[c, yS − P + ky, xS − P + kx];  a = σ(z).
 * Weights are stored (O, C, K, K) as in PyTorch. Per image, im2col ({@link ConvKernels}) lays the
 * receptive fields out as the columns of cols (CKK, OH·OW), and the layer is a matrix product done by
 * {@link Kernels#gemm}, which lands straight in the (O, OH, OW) planes:  z = w · cols + b.
 * Backward: δ = dC/da ⊙ σ'(z);  ∂C/∂w += δ · colsᵀ;  ∂C/∂b += Σ δ;  dC/da_prev = col2im(wᵀ · δ).
 * The two cores share a batch's images (one image's products are too small to split well); ∂C/∂w, the
 * one sum over images, is shared by filters instead, each row summed image after image, so the numbers
 * are the same on any number of threads.
 */
public final class Conv2d implements Layer {
    public final Shape in, out;
    public final int filters, kernel, stride, padding;
    public final Activation activation;
    public final Param weights, biases;
    /** The last batch's weighted inputs z, activations a and errors δ = ∂C/∂z, batch x (filters, OH, OW) each. */
    public float[] z = new float[0], a = new float[0], delta = new float[0];
    private final int ckk, pixels;
    /** Every image's receptive fields while training (batch x (CKK, OH·OW)): backward reads them all again. */
    private float[] batchCols = new float[0];
    /** Whether batchCols holds the last forward's images (a training forward keeps them for backward). */
    private boolean colsKept;
    /** Each image's Σ δ per filter, added into ∂C/∂b in image order. */
    private float[] imageBiasGrads = new float[0];
    /** One image's receptive fields, or their gradients, per thread (for inference and for dC/da_prev). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    // the arrays of the current call, and the bodies that run over images or filters for Parallel (made once: a call allocates nothing)
    private float[] x, dX;
    private int batchSize;
    private final Parallel.Range forwardImages = this::forwardImages, backwardImages = this::backwardImages,
            weightGradientRows = this::weightGradientRows;

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
     * z = w · cols + b, image by image;  a = σ(z). The cores share the batch (each image's product on one
     * thread); a single image shares its product instead. Either way every number is computed the same way.
     */
    @Override public void forward(float[] aPrev, int batch, boolean training) {
        x = aPrev;
        colsKept = training;
        if (training) growBatchCols(batch);
        Parallel.forRange(batch, imageWork(), forwardImages);
        x = null;
        activation.apply(z, a, batch, out.size());
    }

    private void forwardImages(int i0, int i1) {
        float[] w = w(), b = b(), cols = colsKept ? batchCols : scratch();
        for (int img = i0; img < i1; img++) {
            int colsOff = colsKept ? img * ckk * pixels : 0;
            im2col(cols, colsOff, x, img);
            int zOff = img * out.size();
            for (int o = 0; o < filters; o++) java.util.Arrays.fill(z, zOff + o * pixels, zOff + (o + 1) * pixels, b[o]);
            Kernels.gemm(z, zOff, pixels, w, 0, ckk, 1, cols, colsOff, pixels, 1, filters, pixels, ckk, false);
        }
    }

    @Override public float[] output() { return a; }

    /**
     * δ = dC/da ⊙ σ'(z);  per image: cols (kept from a training forward), Σ δ and dC/da_prev = col2im(wᵀ · δ) (the cores share the images);
     * then ∂C/∂w += δ · colsᵀ image after image in order (the cores share the filters) and ∂C/∂b += Σ δ.
     */
    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        activation.backprop(z, a, dA, delta, batch, out.size());
        growBatchCols(batch);
        if (imageBiasGrads.length < batch * filters) imageBiasGrads = new float[batch * filters];
        x = aPrev;
        dX = dAPrev;
        batchSize = batch;
        Parallel.forRange(batch, imageWork(), backwardImages);
        Parallel.forRange(filters, (long) batch * ckk * pixels, KernelsGemm.MR, weightGradientRows);
        x = dX = null;
        float[] db = biases.grad();
        for (int img = 0; img < batch; img++)
            for (int o = 0; o < filters; o++) db[o] += imageBiasGrads[img * filters + o];
    }

    private void backwardImages(int i0, int i1) {
        float[] w = w(), dcols = dX == null ? null : scratch();
        for (int img = i0; img < i1; img++) {
            int dOff = img * out.size();
            for (int o = 0; o < filters; o++) {
                float s = 0f;
                for (int p = dOff + o * pixels, end = p + pixels; p < end; p++) s += delta[p];
                imageBiasGrads[img * filters + o] = s;
            }
            if (!colsKept) im2col(batchCols, img * ckk * pixels, x, img);
            if (dX == null) continue;
            Kernels.gemm(dcols, 0, pixels, w, 0, 1, ckk, delta, dOff, pixels, 1, ckk, pixels, filters, true);
            java.util.Arrays.fill(dX, img * in.size(), (img + 1) * in.size(), 0f);
            ConvKernels.col2im(dX, img * in.size(), dcols,
                    in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width());
        }
    }

    /** Rows [o0, o1) of ∂C/∂w += δ · colsᵀ, image after image: the same sums in the same order as one thread doing all rows. */
    private void weightGradientRows(int o0, int o1) {
        float[] dw = weights.grad();
        for (int img = 0; img < batchSize; img++)
            Kernels.gemmRows(o0, o1, dw, 0, ckk, delta, img * out.size(), pixels, 1, batchCols, img * ckk * pixels, 1, pixels,
                    filters, ckk, pixels, false);
    }

    /** cols[colsOff..] ← the receptive fields of image img of x. */
    private void im2col(float[] cols, int colsOff, float[] x, int img) {
        ConvKernels.im2col(cols, colsOff, x, img * in.size(),
                in.channels(), in.height(), in.width(), kernel, stride, padding, out.height(), out.width());
    }

    /** Multiply-adds of one image's product (plus im2col's copies): how Parallel judges a split over images. */
    private long imageWork() { return (long) filters * ckk * pixels + Parallel.COPY_COST * ckk * pixels; }

    /** Room in batchCols for a batch's cols (kept from a training forward, or built in backward). */
    private void growBatchCols(int batch) {
        if (batchCols.length < batch * ckk * pixels) batchCols = new float[batch * ckk * pixels];
    }

    /** This thread's buffer of one image's cols (CKK x OH·OW). */
    private float[] scratch() {
        float[] s = SCRATCH.get();
        if (s.length < ckk * pixels) SCRATCH.set(s = new float[ckk * pixels]);
        return s;
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
