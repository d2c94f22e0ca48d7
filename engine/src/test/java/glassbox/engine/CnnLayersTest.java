package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Each convolutional-network layer, forward against a reference and backward against finite differences. */
class CnnLayersTest {
    static final float EPSILON = 3e-3f;
    static final double TOLERANCE = 1e-2;

    static Conv2d conv(Shape in, int filters, int k, int stride, int padding, Activation act, long seed) {
        Conv2d c = new Conv2d(in, filters, k, stride, padding, act, "conv");
        Random r = new Random(seed);
        c.initialize(Initializer.XAVIER, r);
        for (int j = 0; j < filters; j++) c.b()[j] = (float) r.nextGaussian() * 0.1f;
        return c;
    }

    @Test void conv2d_forward_matches_direct_convolution_with_stride_and_padding() {
        Conv2d c = conv(new Shape(3, 9, 7), 5, 3, 2, 1, new Activation.Linear(), 1);
        float[] x = new float[4 * 3 * 9 * 7];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        c.allocate(4);
        c.forward(x, 4, false);
        float[] reference = new float[4 * c.out.size()];
        ConvKernels.convForwardNaive(reference, x, c.w(), c.b(), 4, 3, 9, 7, 5, 3, 2, 1);
        assertThat(c.out).isEqualTo(new Shape(5, 5, 4));
        assertThat(largestGap(reference, c.a)).as("largest gap, im2col vs direct convolution").isLessThan(1e-5);
    }

    /**
     * A layer big enough that its products go to the packed, multi-core kernel, forward and backward,
     * against the direct sums: z = w ⋆ x + b, ∂C/∂w = Σ δ·x, ∂C/∂x = Σ δ·w (linear, so δ = dC/da).
     */
    @Test void a_large_conv2d_matches_the_direct_sums_forward_and_backward() {
        int B = 3, C = 8, H = 12, W = 11, O = 16, K = 5, S = 1, P = 2;
        Conv2d c = conv(new Shape(C, H, W), O, K, S, P, new Activation.Linear(), 4);
        Random r = new Random(6);
        float[] x = new float[B * C * H * W], dA = new float[B * c.out.size()], dX = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        for (int i = 0; i < dA.length; i++) dA[i] = r.nextFloat() * 2 - 1;
        c.allocate(B);
        c.forward(x, B, true);
        float[] reference = new float[B * c.out.size()];
        ConvKernels.convForwardNaive(reference, x, c.w(), c.b(), B, C, H, W, O, K, S, P);
        assertThat(largestGap(reference, c.a)).as("largest gap of z").isLessThan(1e-4);

        c.backward(x, dA, dX, B);
        int OH = c.out.height(), OW = c.out.width();
        float[] dw = new float[O * C * K * K], dx = new float[x.length], db = new float[O];
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++)
                for (int oy = 0; oy < OH; oy++)
                    for (int ox = 0; ox < OW; ox++) {
                        float d = dA[((b * O + o) * OH + oy) * OW + ox];
                        db[o] += d;
                        for (int ch = 0; ch < C; ch++)
                            for (int ky = 0; ky < K; ky++)
                                for (int kx = 0; kx < K; kx++) {
                                    int y = oy * S - P + ky, xx = ox * S - P + kx;
                                    if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
                                    int wi = ((o * C + ch) * K + ky) * K + kx, xi = ((b * C + ch) * H + y) * W + xx;
                                    dw[wi] += d * x[xi];
                                    dx[xi] += d * c.w()[wi];
                                }
                    }
        assertThat(largestGap(dw, c.weights.grad())).as("largest gap of dC/dw").isLessThan(1e-3);
        assertThat(largestGap(db, c.biases.grad())).as("largest gap of dC/db").isLessThan(1e-3);
        assertThat(largestGap(dx, dX)).as("largest gap of dC/dx").isLessThan(1e-4);
    }

    /**
     * The cores share a batch's images (and the weight gradient's filters), so a CNN's numbers must not
     * depend on how many threads ran: one training step of conv, batch norm, pooling and dense layers, bit for bit.
     */
    @Test void a_cnn_training_step_gives_the_same_bits_on_one_thread_and_on_all() {
        float[][] one = cnnStep(1), all = cnnStep(Integer.MAX_VALUE);
        for (int i = 0; i < one.length; i++) assertThat(all[i]).as("parameter %d", i).isEqualTo(one[i]);
    }

    /** The gradients and outputs of one backprop over 64 random images, with splits limited to the given threads. */
    private static float[][] cnnStep(int threads) {
        try {
            Parallel.useThreads(threads);
            Architecture arch = new Architecture("conv5x5x32p0-bn-pool2-conv5x5x64p0-bn-pool2-fc64-fc10", new Shape(1, 28, 28),
                    new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
            Network net = Network.create(arch, Initializer.HE, 3);
            int batch = 64;
            float[] x = new float[batch * 784], y = new float[batch * 10];
            Random r = new Random(5);
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
            for (int b = 0; b < batch; b++) y[b * 10 + r.nextInt(10)] = 1f;
            net.backprop(x, y, batch);
            var params = net.params();
            float[][] out = new float[params.size() + 1][];
            for (int i = 0; i < params.size(); i++) out[i] = (params.get(i).trained() ? params.get(i).grad() : params.get(i).value()).clone();
            out[params.size()] = net.feedforward(x, batch).clone();
            return out;
        } finally {
            Parallel.useThreads(Integer.MAX_VALUE);
        }
    }

    private static double largestGap(float[] expected, float[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        return worst;
    }

    @Test void conv2d_backprop_matches_finite_difference() {
        var gaps = LayerCheck.check(conv(new Shape(2, 6, 5), 3, 3, 1, 1, new Activation.Tanh(), 3), 2, EPSILON, 4);
        assertThat(gaps.input()).as("conv2d dC/dx, largest relative gap").isLessThan(TOLERANCE);
        assertThat(gaps.params()).as("conv2d dC/dw and dC/db, largest relative gap").isLessThan(TOLERANCE);
    }

    /**
     * Winograd's forward rounds 3-18 times more than the direct sums (WinogradTest), noise that differences over ε = 3·10⁻³
     * blow up past the tolerance; a linear layer has no curvature, so ε = 0.25 checks it with that noise 80 times smaller.
     */
    @Test void a_winograd_conv2d_backprop_matches_finite_difference() {
        Conv2d c = conv(new Shape(16, 6, 5), 4, 3, 1, 1, new Activation.Linear(), 7);
        assertThat(Winograd.suits(16, 3, 1, 6, 5)).as("16 channels in: forward and weight gradient by Winograd").isTrue();
        var gaps = LayerCheck.check(c, 2, 0.25f, 8);
        assertThat(gaps.worst()).as("conv3x3 over 16 channels, largest relative gap").isLessThan(TOLERANCE);
    }

    @Test void strided_unpadded_conv2d_backprop_matches_finite_difference() {
        var gaps = LayerCheck.check(conv(new Shape(2, 7, 7), 4, 3, 2, 0, new Activation.Sigmoid(), 5), 3, EPSILON, 6);
        assertThat(gaps.worst()).as("conv3x3s2p0, largest relative gap").isLessThan(TOLERANCE);
    }

    @Test void max_pool_backprop_matches_finite_difference() {
        var gaps = LayerCheck.check(new Pool(Pool.Kind.MAX, new Shape(3, 6, 6), 2, 2), 2, 1e-3f, 7);
        assertThat(gaps.input()).as("max pool dC/dx, largest relative gap").isLessThan(TOLERANCE);
    }

    @Test void overlapping_avg_pool_backprop_matches_finite_difference() {
        var gaps = LayerCheck.check(new Pool(Pool.Kind.AVG, new Shape(2, 7, 7), 3, 2), 2, EPSILON, 8);
        assertThat(gaps.input()).as("avg pool 3x3 stride 2 dC/dx, largest relative gap").isLessThan(TOLERANCE);
    }

    @Test void max_pool_keeps_the_largest_value_of_each_window() {
        Pool p = new Pool(Pool.Kind.MAX, new Shape(1, 4, 4), 2, 2);
        p.allocate(1);
        p.forward(new float[] {1, 2, 0, 0, 3, 4, 0, 9, -1, -2, 5, 5, -3, -4, 5, 6}, 1, false);
        assertThat(p.output()).startsWith(4f, 9f, -1f, 6f);
    }

    @Test void the_unrolled_2x2_max_pool_picks_the_same_maximum_as_the_general_window_ties_and_odd_sizes_included() {
        int planes = 3, h = 7, w = 9, oh = 3, ow = 4;
        float[] x = new float[planes * h * w];
        Random r = new Random(4);
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(4);   // few distinct values: many ties
        float[] out = new float[planes * oh * ow];
        int[] argmax = new int[out.length];
        ConvKernels.maxPoolForward(out, argmax, x, 0, planes, h, w, 2, 2, oh, ow);
        for (int p = 0, o = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++, o++) {
                    int best = -1;   // the first maximum in reading order, as the general loop keeps it
                    for (int ky = 0; ky < 2; ky++)
                        for (int kx = 0; kx < 2; kx++) {
                            int i = p * h * w + (2 * oy + ky) * w + 2 * ox + kx;
                            if (best < 0 || x[i] > x[best]) best = i;
                        }
                    assertThat(argmax[o]).as("plane %d window (%d, %d)", p, oy, ox).isEqualTo(best);
                    assertThat(out[o]).isEqualTo(x[best]);
                }
    }

    @Test void flatten_backprop_matches_finite_difference() {
        var gaps = LayerCheck.check(new Flatten(new Shape(2, 3, 3)), 2, EPSILON, 9);
        assertThat(gaps.input()).as("flatten, largest relative gap").isLessThan(TOLERANCE);
    }

    @Test void dropout_backprop_with_a_held_mask_matches_finite_difference() {
        Dropout d = new Dropout(new Shape(20, 1, 1), 0.5f);
        d.initialize(Initializer.HE, new Random(10));
        d.allocate(3);
        d.forward(new float[60], 3, true);   // draws the mask the check then holds fixed
        d.holdMask(true);
        var gaps = LayerCheck.check(d, 3, EPSILON, 11);
        assertThat(gaps.input()).as("dropout, largest relative gap").isLessThan(TOLERANCE);
        int zeros = 0;
        for (int i = 0; i < 60; i++) if (d.mask[i] == 0f) zeros++;
        assertThat(zeros).as("dropped of 60 at p = 0.5").isBetween(15, 45);
    }

    @Test void dropout_masks_repeat_with_the_seed_and_vanish_at_inference() {
        float[] x = new float[100];
        java.util.Arrays.fill(x, 1f);
        Dropout a = new Dropout(Shape.vector(100), 0.3f), b = new Dropout(Shape.vector(100), 0.3f);
        a.initialize(Initializer.HE, new Random(12));
        b.initialize(Initializer.HE, new Random(12));
        a.allocate(1);
        b.allocate(1);
        a.forward(x, 1, true);
        b.forward(x, 1, true);
        assertThat(a.output()).containsExactly(b.output());
        assertThat(a.output()).contains(0f, 1f / 0.7f);
        a.forward(x, 1, false);
        assertThat(a.output()).containsOnly(1f);
    }

    @Test void batch_norm_backprop_matches_finite_difference_for_maps_and_vectors() {
        for (Shape s : new Shape[] {new Shape(3, 4, 4), Shape.vector(6)}) {
            BatchNorm bn = new BatchNorm(s, new Activation.Tanh(), "bn");
            bn.initialize(Initializer.HE, new Random(13));
            Random r = new Random(14);
            for (int c = 0; c < s.channels(); c++) { bn.gamma.value()[c] = 1 + 0.3f * (float) r.nextGaussian(); bn.beta.value()[c] = 0.2f * (float) r.nextGaussian(); }
            var gaps = LayerCheck.check(bn, 5, EPSILON, 15);
            assertThat(gaps.worst()).as("batch norm over " + s + ", largest relative gap").isLessThan(TOLERANCE);
        }
    }

    @Test void batch_norm_normalises_with_the_batch_in_training_and_the_running_averages_at_inference() {
        BatchNorm bn = new BatchNorm(new Shape(1, 2, 2), new Activation.Linear(), "bn");
        bn.initialize(Initializer.HE, new Random(1));
        bn.allocate(2);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
        bn.forward(x, 2, true);
        double mean = 0, sq = 0;
        for (int i = 0; i < 8; i++) mean += bn.output()[i] / 8;
        for (int i = 0; i < 8; i++) sq += Math.pow(bn.output()[i] - mean, 2) / 8;
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(sq).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(bn.runningMean.value()[0]).as("running mean moved 10% toward 4.5").isCloseTo(0.45f, org.assertj.core.data.Offset.offset(1e-5f));
        bn.runningMean.value()[0] = 4.5f;
        bn.runningVar.value()[0] = 4f;
        bn.forward(x, 2, false);
        assertThat(bn.output()[7]).as("(8 − 4.5) / √4").isCloseTo(1.75f, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test void whole_cnn_backprop_matches_finite_difference() {
        Architecture a = new Architecture("conv3x3x3-bn-avgpool2-conv3x3x4p0-maxpool2s1-flatten-fc6-dropout0.2-fc5", new Shape(2, 8, 8),
                new Activation.Tanh(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
        Network net = Network.create(a, Initializer.XAVIER, 16);
        float[][] xy = GradientCheck.randomBatch(net, 3, 17);
        net.feedforward(xy[0], 3, true);
        for (Layer l : net.layers) if (l instanceof Dropout d) d.holdMask(true);
        double worst = GradientCheck.maxRelativeError(net, xy[0], xy[1], 3, 1e-2f, 20, 18);
        assertThat(worst).as("whole CNN, largest relative gap").isLessThan(2e-2);
    }
}
