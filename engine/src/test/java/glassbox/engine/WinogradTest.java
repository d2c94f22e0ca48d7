package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Winograd's convolution against the direct sums (convForwardNaive, in double here), for 3x3 and 5x5 kernels,
 * padded and not, on maps whose last tiles hang over the edge, batch > 1, and as a layer's input gradient.
 * Tolerance: each gap is divided by that output's Σ|w·x| + |b|, the size float rounding scales with. On these
 * shapes direct float sums (convForwardNaive) stay within 1.5-2.2·10⁻⁷ of it; Winograd's transforms scale terms by
 * up to 8 and 1/24 and cancel large partial sums again, and we measure 0.4-2.7·10⁻⁶, 3 to 18 times
 * the direct error. 10⁻⁵ leaves room for other seeds; a wrong coefficient or a
 * misplaced tile moves outputs by a sizeable part of Σ|w·x|, 10⁴ times more.
 */
class WinogradTest {
    static final double TOLERANCE = 1e-5;

    @Test void winograd_3x3_matches_the_direct_sums_padded_and_unpadded_on_odd_maps() {
        assertThat(relativeGap(3, 24, 11, 13, 17, 3, 1)).as("3x3 p1 on 11x13 (tiles hang over)").isLessThan(TOLERANCE);
        assertThat(relativeGap(2, 32, 12, 12, 64, 3, 0)).as("3x3 p0 on 12x12 (10x10 out)").isLessThan(TOLERANCE);
        assertThat(relativeGap(3, 64, 10, 9, 20, 3, 2)).as("3x3 p2 on 10x9, 20 filters").isLessThan(TOLERANCE);
    }

    @Test void winograd_5x5_matches_the_direct_sums_padded_and_unpadded_on_odd_maps() {
        assertThat(relativeGap(2, 32, 14, 14, 64, 5, 2)).as("5x5 p2 on 14x14").isLessThan(TOLERANCE);
        assertThat(relativeGap(3, 20, 13, 11, 7, 5, 0)).as("5x5 p0 on 13x11 (tiles hang over)").isLessThan(TOLERANCE);
        assertThat(relativeGap(2, 64, 9, 15, 32, 5, 4)).as("5x5 p4 on 9x15 (the input gradient's border)").isLessThan(TOLERANCE);
    }

    /**
     * A layer whose two stride-1 convolutions both go through Winograd: z = w ⋆ x + b forward, and the input
     * gradient dC/dx[c, y, x] = Σ_{o,ky,kx} δ[o, y + P − ky, x + P − kx] · w[o, c, ky, kx] (linear, so δ = dC/da).
     */
    @Test void a_conv2d_layer_uses_winograd_forward_and_for_its_input_gradient() {
        for (int[] shape : new int[][] {{3, 5, 2}, {5, 5, 2}, {3, 3, 0}, {5, 3, 1}}) {   // K, image side, P
            int B = 3, C = 32, O = 16, K = shape[0], H = shape[1] + 2 * 4, W = H + 1, P = shape[2];
            Conv2d conv = CnnLayersTest.conv(new Shape(C, H, W), O, K, 1, P, new Activation.Linear(), K * 10 + P);
            int OH = conv.out.height(), OW = conv.out.width();
            assertThat(Winograd.suits(C, K, 1, OH, OW) && Winograd.suits(O, K, 1, H, W)).as("both convolutions go through Winograd").isTrue();
            Random r = new Random(7);
            float[] x = random(r, B * C * H * W), dA = random(r, B * O * OH * OW), dX = new float[x.length];
            conv.allocate(B);
            conv.forward(x, B, true);
            assertThat(relativeGap(conv.z, x, conv.w(), conv.b(), B, C, H, W, O, K, P)).as("z, K=%d P=%d", K, P).isLessThan(TOLERANCE);
            conv.backward(x, dA, dX, B);
            double worst = 0;
            for (int b = 0; b < B; b++)
                for (int c = 0; c < C; c++)
                    for (int y = 0; y < H; y++)
                        for (int xx = 0; xx < W; xx++) {
                            double s = 0, size = 0;
                            for (int o = 0; o < O; o++)
                                for (int ky = 0; ky < K; ky++)
                                    for (int kx = 0; kx < K; kx++) {
                                        int oy = y + P - ky, ox = xx + P - kx;
                                        if (oy < 0 || oy >= OH || ox < 0 || ox >= OW) continue;
                                        double term = (double) dA[((b * O + o) * OH + oy) * OW + ox] * conv.w()[((o * C + c) * K + ky) * K + kx];
                                        s += term;
                                        size += Math.abs(term);
                                    }
                            worst = Math.max(worst, Math.abs(dX[((b * C + c) * H + y) * W + xx] - s) / Math.max(size, 1e-30));
                        }
            assertThat(worst).as("dC/dx, K=%d P=%d", K, P).isLessThan(TOLERANCE);
        }
    }

    /**
     * The weight gradient ∂C/∂w[o, c, ky, kx] = Σ_{b,oy,ox} δ[b, o, oy, ox] · x[b, c, oy − P + ky, ox − P + kx], added to what dw
     * held, against those sums in double; each gap divided by Σ|δ·x|.
     */
    @Test void the_weight_gradient_by_winograd_matches_the_direct_sums() {
        assertThat(weightGradientGap(3, 24, 11, 13, 17, 3, 1)).as("3x3 p1 on 11x13 (tiles hang over)").isLessThan(TOLERANCE);
        assertThat(weightGradientGap(2, 32, 12, 12, 64, 3, 0)).as("3x3 p0 on 12x12").isLessThan(TOLERANCE);
        assertThat(weightGradientGap(21, 16, 14, 14, 20, 5, 2)).as("5x5 p2 on 14x14, 21 images in groups of 2").isLessThan(TOLERANCE);
        assertThat(weightGradientGap(3, 20, 13, 11, 7, 5, 0)).as("5x5 p0 on 13x11 (tiles hang over)").isLessThan(TOLERANCE);
    }

    private static double weightGradientGap(int B, int C, int H, int W, int O, int K, int P) {
        Random r = new Random(B * 1000 + C * 10 + K);
        Winograd wg = new Winograd(C, H, W, O, K, P);
        int OH = wg.OH, OW = wg.OW;
        float[] x = random(r, B * C * H * W), delta = random(r, B * O * OH * OW), before = random(r, O * C * K * K), dw = before.clone();
        wg.addWeightGradient(dw, x, delta, B);
        double worst = 0;
        for (int o = 0; o < O; o++)
            for (int c = 0; c < C; c++)
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++) {
                        int wi = ((o * C + c) * K + ky) * K + kx;
                        double s = before[wi], size = Math.abs(s);
                        for (int b = 0; b < B; b++)
                            for (int oy = 0; oy < OH; oy++)
                                for (int ox = 0; ox < OW; ox++) {
                                    int y = oy - P + ky, xx = ox - P + kx;
                                    if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
                                    double term = (double) delta[((b * O + o) * OH + oy) * OW + ox] * x[((b * C + c) * H + y) * W + xx];
                                    s += term;
                                    size += Math.abs(term);
                                }
                        worst = Math.max(worst, Math.abs(dw[wi] - s) / Math.max(size, 1e-30));
                    }
        return worst;
    }

    /** The largest |Winograd − direct| / Σ|w·x| over a random batch of B images C x H x W and O kernels K x K. */
    private static double relativeGap(int B, int C, int H, int W, int O, int K, int P) {
        Random r = new Random(B * 1000 + C * 10 + K);
        float[] x = random(r, B * C * H * W), w = random(r, O * C * K * K), bias = random(r, O);
        Winograd wg = new Winograd(C, H, W, O, K, P);
        float[] out = new float[B * O * wg.OH * wg.OW];
        wg.useKernels(w);
        wg.convolve(out, x, bias, B);
        return relativeGap(out, x, w, bias, B, C, H, W, O, K, P);
    }

    /** Compares out with the direct sums in double of w ⋆ x + bias, each gap divided by that output's Σ|w·x| + |bias|. */
    static double relativeGap(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W, int O, int K, int P) {
        int OH = ConvKernels.outputSize(H, K, 1, P), OW = ConvKernels.outputSize(W, K, 1, P);
        double worst = 0;
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++)
                for (int oy = 0; oy < OH; oy++)
                    for (int ox = 0; ox < OW; ox++) {
                        double s = bias == null ? 0 : bias[o], size = Math.abs(s);
                        for (int c = 0; c < C; c++)
                            for (int ky = 0; ky < K; ky++)
                                for (int kx = 0; kx < K; kx++) {
                                    int y = oy - P + ky, xx = ox - P + kx;
                                    if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
                                    double term = (double) w[((o * C + c) * K + ky) * K + kx] * x[((b * C + c) * H + y) * W + xx];
                                    s += term;
                                    size += Math.abs(term);
                                }
                        worst = Math.max(worst, Math.abs(out[((b * O + o) * OH + oy) * OW + ox] - s) / Math.max(size, 1e-30));
                    }
        return worst;
    }

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 2 - 1;
        return v;
    }
}
