package glassbox.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fast kernel against its naive twin on awkward shapes: one row, tails after whole vectors and
 * tiles, odd sizes, and products big enough to be packed and split across threads. A failure names the
 * largest difference. Split products must give the same bits on one thread and on all of them.
 */
class KernelsTest {

    @AfterEach void allThreadsAgain() { Parallel.useThreads(Integer.MAX_VALUE); }

    /** Float sums of K products drift from the exact sum by about K·ε·|terms|; a wrong index is off by O(1). */
    static float tolerance(int K) { return 2e-6f * K + 1e-6f; }

    @ParameterizedTest(name = "B={0} I={1} O={2}")
    @CsvSource({"1,16,1", "1,784,16", "1,17,3", "2,15,4", "3,17,5", "10,784,16", "10,784,30", "10,16,10", "10,30,10",
            "7,33,31", "13,100,37", "100,784,16", "100,784,30", "100,16,10", "64,800,64", "257,129,65", "600,300,100",
            "1000,784,10", "130,47,97", "33,1000,1"})
    void matmulForward_matches_naive(int B, int I, int O) {
        Random r = new Random(B * 31L + I * 7L + O);
        float[] inp = uniform(B * I, r), w = uniform(O * I, r), bias = uniform(O, r);
        float[] fast = uniform(B * O, r), naive = new float[B * O];   // fast starts dirty: forward overwrites
        Kernels.matmulForward(fast, inp, w, bias, B, I, O);
        Kernels.matmulForwardNaive(naive, inp, w, bias, B, I, O);
        assertThat(maxDifference(fast, naive)).as("largest |fast - naive| of out").isLessThan(tolerance(I));

        Kernels.matmulForward(fast, inp, w, null, B, I, O);
        Kernels.matmulForwardNaive(naive, inp, w, null, B, I, O);
        assertThat(maxDifference(fast, naive)).as("largest |fast - naive| of out without bias").isLessThan(tolerance(I));
    }

    @ParameterizedTest(name = "B={0} I={1} O={2}")
    @CsvSource({"1,16,1", "1,784,16", "1,17,3", "2,15,4", "3,17,5", "10,784,16", "10,784,30", "10,16,10", "10,30,10",
            "7,33,31", "13,100,37", "100,784,16", "100,784,30", "100,16,10", "64,800,64", "257,129,65", "600,300,100",
            "1000,784,10", "130,47,97", "33,1000,1"})
    void matmulBackward_matches_naive(int B, int I, int O) {
        Random r = new Random(B * 17L + I * 5L + O);
        float[] inp = uniform(B * I, r), w = uniform(O * I, r), dout = uniform(B * O, r);
        float[] dinp = uniform(B * I, r), dw = uniform(O * I, r), dbias = uniform(O, r);   // accumulated into
        float[] dinpNaive = dinp.clone(), dwNaive = dw.clone(), dbiasNaive = dbias.clone();
        Kernels.matmulBackward(dinp, dw, dbias, dout, inp, w, B, I, O);
        Kernels.matmulBackwardNaive(dinpNaive, dwNaive, dbiasNaive, dout, inp, w, B, I, O);
        assertThat(maxDifference(dw, dwNaive)).as("largest |fast - naive| of dw").isLessThan(tolerance(B));
        assertThat(maxDifference(dinp, dinpNaive)).as("largest |fast - naive| of dinp").isLessThan(tolerance(O));
        assertThat(maxDifference(dbias, dbiasNaive)).as("largest |fast - naive| of dbias").isLessThan(tolerance(B));

        float[] dwAgain = dw.clone();
        Kernels.matmulBackward(null, dw, null, dout, inp, w, B, I, O);
        Kernels.matmulBackwardNaive(null, dwNaive, null, dout, inp, w, B, I, O);
        assertThat(maxDifference(dw, dwNaive)).as("largest |fast - naive| of dw without dinp").isLessThan(2 * tolerance(B));
        assertThat(maxDifference(dw, dwAgain)).as("a second backward pass accumulates").isGreaterThan(0f);
    }

    @ParameterizedTest(name = "B={0} I={1} O={2}")
    @CsvSource({"600,300,100", "2000,784,16", "100,784,16", "64,800,64", "3001,129,65", "20,5000,40"})
    void split_products_give_the_same_bits_on_one_thread_and_on_all(int B, int I, int O) {
        Random r = new Random(7);
        float[] inp = uniform(B * I, r), w = uniform(O * I, r), bias = uniform(O, r), dout = uniform(B * O, r);
        float[][] one = products(inp, w, bias, dout, B, I, O, 1), all = products(inp, w, bias, dout, B, I, O, Integer.MAX_VALUE);
        for (int k = 0; k < one.length; k++) assertThat(all[k]).as("result %d on all threads vs one", k).isEqualTo(one[k]);
    }

    /** out, dinp, dw and dbias from a forward and a backward pass with the given thread limit. */
    private static float[][] products(float[] inp, float[] w, float[] bias, float[] dout, int B, int I, int O, int threads) {
        Parallel.useThreads(threads);
        float[] out = new float[B * O], dinp = new float[B * I], dw = new float[O * I], dbias = new float[O];
        Kernels.matmulForward(out, inp, w, bias, B, I, O);
        Kernels.matmulBackward(dinp, dw, dbias, dout, inp, w, B, I, O);
        return new float[][] {out, dinp, dw, dbias};
    }

    /** The three products of a convolution on one image, as Conv2d calls them: offsets into the arrays, transposed strides. */
    @ParameterizedTest(name = "O={0} CKK={1} pixels={2}")
    @CsvSource({"64,800,196", "32,25,784", "5,27,20", "16,200,144", "3,9,49", "64,576,100"})
    void gemm_with_offsets_and_strides_matches_naive(int O, int ckk, int pixels) {
        Random r = new Random(O * 13L + ckk + pixels);
        int off = 37;   // every matrix starts part-way into its array
        float[] w = uniform(off + O * ckk, r), cols = uniform(off + ckk * pixels, r), delta = uniform(off + O * pixels, r);
        float[] z = uniform(off + O * pixels, r), zNaive = z.clone();
        Kernels.gemm(z, off, pixels, w, off, ckk, 1, cols, off, pixels, 1, O, pixels, ckk, false);
        Kernels.gemmNaive(zNaive, off, pixels, w, off, ckk, 1, cols, off, pixels, 1, O, pixels, ckk, false);
        assertThat(maxDifference(z, zNaive)).as("largest |fast - naive| of z += w · cols").isLessThan(tolerance(ckk));

        float[] dw = uniform(off + O * ckk, r), dwNaive = dw.clone();
        Kernels.gemm(dw, off, ckk, delta, off, pixels, 1, cols, off, 1, pixels, O, ckk, pixels, false);
        Kernels.gemmNaive(dwNaive, off, ckk, delta, off, pixels, 1, cols, off, 1, pixels, O, ckk, pixels, false);
        assertThat(maxDifference(dw, dwNaive)).as("largest |fast - naive| of dw += δ · colsᵀ").isLessThan(tolerance(pixels));

        float[] dcols = uniform(off + ckk * pixels, r), dcolsNaive = new float[dcols.length];   // overwritten, so dirty is fine
        System.arraycopy(dcols, 0, dcolsNaive, 0, off);
        Kernels.gemm(dcols, off, pixels, w, off, 1, ckk, delta, off, pixels, 1, ckk, pixels, O, true);
        Kernels.gemmNaive(dcolsNaive, off, pixels, w, off, 1, ckk, delta, off, pixels, 1, ckk, pixels, O, true);
        assertThat(maxDifference(dcols, dcolsNaive)).as("largest |fast - naive| of dcols = wᵀ · δ").isLessThan(tolerance(O));
    }

    /**
     * The convolution's products with cols read from the padded image (never written out) against gemmNaive on
     * cols written out by im2col: forward w · cols, weight gradient δ · colsᵀ (also in blocks, as threads share
     * it), for padded, unpadded and strided shapes and panels that straddle output rows.
     */
    @ParameterizedTest(name = "C={0} H={1} W={2} K={3} S={4} P={5} O={6}")
    @CsvSource({"1,28,28,5,1,2,32", "32,14,14,5,1,2,64", "1,28,28,5,1,0,32", "32,12,12,3,1,0,64", "64,10,10,3,1,0,64",
                "3,9,7,3,2,1,5", "2,7,7,3,2,0,4", "4,5,6,1,1,0,3", "2,6,5,3,1,2,9"})
    void products_of_cols_read_from_the_padded_image_match_naive(int C, int H, int W, int K, int S, int P, int O) {
        Random r = new Random(C * 31L + H * 7 + K * 3 + S + P + O);
        ConvKernels.Geometry g = new ConvKernels.Geometry(C, H, W, K, S, P);
        int taps = g.taps(), pixels = g.pixels(), off = 11;
        float[] image = uniform(off + C * H * W, r), xp = uniform(g.paddedSize(), r);   // xp starts dirty: pad fills it
        g.pad(xp, image, off);
        float[] cols = new float[taps * pixels];
        ConvKernels.im2col(cols, 0, image, off, C, H, W, K, S, P, g.OH, g.OW);

        float[] w = uniform(O * taps, r), z = uniform(O * pixels, r), zNaive = z.clone();
        Kernels.gemmCols(z, 0, pixels, w, 0, taps, 1, g, xp, false, O, false);
        Kernels.gemmNaive(zNaive, 0, pixels, w, 0, taps, 1, cols, 0, pixels, 1, O, pixels, taps, false);
        assertThat(maxDifference(z, zNaive)).as("largest |fast - naive| of z += w · cols").isLessThan(tolerance(taps));

        float[] delta = uniform(O * pixels, r), dw = uniform(O * taps, r), dwNaive = dw.clone(), dwBlocks = dw.clone();
        Kernels.gemmCols(dw, 0, taps, delta, 0, pixels, 1, g, xp, true, O, false);
        Kernels.gemmNaive(dwNaive, 0, taps, delta, 0, pixels, 1, cols, 0, 1, pixels, O, taps, pixels, false);
        assertThat(maxDifference(dw, dwNaive)).as("largest |fast - naive| of dw += δ · colsᵀ").isLessThan(tolerance(pixels));
        int mSplit = O / 3, nSplit = taps / 2;   // four blocks of odd sizes: each element as the whole product makes it
        Kernels.gemmColsBlock(0, mSplit, 0, nSplit, dwBlocks, 0, taps, delta, 0, pixels, 1, g, xp, true, O, false);
        Kernels.gemmColsBlock(mSplit, O, 0, nSplit, dwBlocks, 0, taps, delta, 0, pixels, 1, g, xp, true, O, false);
        Kernels.gemmColsBlock(0, O, nSplit, taps, dwBlocks, 0, taps, delta, 0, pixels, 1, g, xp, true, O, false);
        assertThat(dwBlocks).as("dw in blocks, bit for bit").isEqualTo(dw);
    }

    @Test void relu_and_its_slope_match_the_scalar_rule_including_the_tail_zeros_and_nan() {
        Random r = new Random(6);
        for (int n : new int[] {1, 15, 16, 17, 100}) {
            float[] z = uniform(n, r), da = uniform(n, r), a = new float[n], dz = new float[n];
            z[0] = Float.NaN;
            if (n > 1) z[1] = -0f;
            Kernels.relu(z, a, n);
            Kernels.reluBackward(z, da, dz, n);
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToIntBits(a[i])).as("relu at %d of %d", i, n).isEqualTo(Float.floatToIntBits(Math.max(0f, z[i])));
                assertThat(dz[i]).as("slope times da at %d of %d", i, n).isEqualTo(z[i] > 0f ? da[i] : 0f);
            }
        }
    }

    @Test void axpy_matches_the_plain_loop_including_the_tail() {
        Random r = new Random(3);
        for (int n : new int[] {0, 1, 15, 16, 17, 100, 1001}) {
            float[] x = uniform(n, r), y = uniform(n, r), plain = y.clone();
            Kernels.axpy(y, -0.3f, x, n);
            for (int i = 0; i < n; i++) plain[i] += -0.3f * x[i];
            assertThat(maxDifference(y, plain)).as("largest difference at n = %d", n).isLessThan(1e-6f);
        }
    }

    @Test void sigmoid_matches_the_scalar_formula_including_the_tail_and_the_extremes() {
        Random r = new Random(5);
        for (int n : new int[] {1, 15, 16, 17, 160, 1001}) {
            float[] z = new float[n], a = new float[n];
            for (int i = 0; i < n; i++) z[i] = (r.nextFloat() - 0.5f) * 40;
            z[0] = n > 2 ? -100f : z[0];
            Kernels.sigmoid(z, a, n);
            float worst = 0;
            for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a[i] - 1f / (1f + (float) Math.exp(-z[i]))));
            assertThat(worst).as("largest difference from 1/(1+exp(-z)) at n = %d", n).isLessThan(1e-6f);
        }
    }

    @Test void vector_exp_is_within_two_ulp_of_Math_exp_over_the_whole_float_range() {
        float[] x = new float[Kernels.L];
        float worst = 0;
        for (float v = -87f; v < 88f; v += 0.0137f * Kernels.L) {
            for (int j = 0; j < x.length; j++) x[j] = v + 0.0137f * j;
            float[] e = Kernels.exp(jdk.incubator.vector.FloatVector.fromArray(Kernels.S, x, 0)).toArray();
            for (int j = 0; j < x.length; j++) {
                double exact = Math.exp(x[j]);
                worst = (float) Math.max(worst, Math.abs(e[j] - exact) / Math.ulp((float) exact));
            }
        }
        assertThat(worst).as("largest error of exp in ulp").isLessThanOrEqualTo(2f);
    }

    @Test void a_kernel_that_throws_on_a_helper_thread_reports_it_to_the_caller() {
        var boom = new IllegalStateException("boom");
        Parallel.Range body = (from, to) -> { if (to == 1_000) throw boom; };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Parallel.forRange(1_000, 1_000_000, 1, body)).isSameAs(boom);
        int[] covered = new int[1_000];
        Parallel.forRange(1_000, 1_000_000, 8, (from, to) -> { for (int i = from; i < to; i++) covered[i]++; });
        assertThat(covered).as("every item once, after a failed split").containsOnly(1);
    }

    static float[] uniform(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    static float maxDifference(float[] a, float[] b) {
        float worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }
}
