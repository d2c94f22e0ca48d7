package glassbox.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every hot loop of the engine, in one place. Each fast kernel computes the same numbers as its naive
 * twin (tests check it), uses the Vector API for the bulk and plain loops for tails, and splits large
 * work across cores through {@link Parallel}. {@code -Dglassbox.vector=false} runs the naive loops.
 * Arrays are flat, row-major, zero-offset; sizes come last. The JVM must keep C1 off this class
 * (config/jit-directives.json): C1 code of a large vector loop can get stuck 70x slower than C2's.
 */
public final class Kernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    public static final boolean VECTOR = !"false".equals(System.getProperty("glassbox.vector"));

    private Kernels() {}

    // ---- dense layer, forward and backward.   B = batch, I = inputs, O = outputs ----

    /** out = inp · wᵀ + bias.   inp (B,I), w (O,I), bias (O) or null, out (B,O).   Same numbers as matmulForwardNaive, up to rounding. */
    public static void matmulForward(float[] out, float[] inp, float[] w, float[] bias, int B, int I, int O) {
        if (!VECTOR || I < L) { matmulForwardNaive(out, inp, w, bias, B, I, O); return; }
        if (packs(B, O, I)) KernelsGemm.multiply(out, O, inp, I, 1, w, 1, I, B, O, I, true, bias);
        else matmulForwardRows(out, inp, w, bias, 0, B, I, O);
    }

    /**
     * dinp += dout · w (skipped when dinp is null),  dw += doutᵀ · inp,  dbias += Σ_b dout.   Shapes as in
     * matmulForward.   Same numbers as matmulBackwardNaive, up to rounding.
     */
    public static void matmulBackward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                                      int B, int I, int O) {
        if (!VECTOR || I < L) { matmulBackwardNaive(dinp, dw, dbias, dout, inp, w, B, I, O); return; }
        if (dbias != null) for (int b = 0; b < B; b++) for (int o = 0; o < O; o++) dbias[o] += dout[b * O + o];
        if (packs(O, I, B)) KernelsGemm.multiply(dw, I, dout, 1, O, inp, I, 1, O, I, B, false, null);
        else weightGradientRows(dw, dout, inp, 0, O, B, I, O);
        if (dinp == null) return;
        if (packs(B, I, O)) KernelsGemm.multiply(dinp, I, dout, O, 1, w, I, 1, B, I, O, false, null);
        else inputGradientRows(dinp, dout, w, 0, B, I, O);
    }

    /**
     * C += A·B (C = A·B when overwrite), M x K times K x N, each matrix at an offset with its own strides:
     * A(m, k) = a[aOff + m·aRow + k·aCol], B(k, n) = b[bOff + k·bRow + n·bCol], C(m, n) = c[cOff + m·ldc + n].
     * The convolution's products on one image at a time.   Same numbers as gemmNaive, up to rounding.
     */
    public static void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, int bCol,
                            int M, int N, int K, boolean overwrite) {
        gemmRows(0, M, c, cOff, ldc, a, aOff, aRow, aCol, b, bOff, bRow, bCol, M, N, K, overwrite);
    }

    /**
     * Rows [m0, m1) of {@link #gemm}'s C, computed exactly as the whole product computes them (the choice of
     * kernel depends on M, N and K, not on the rows), so threads that share a product's rows get its numbers.
     */
    public static void gemmRows(int m0, int m1, float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol,
                                float[] b, int bOff, int bRow, int bCol, int M, int N, int K, boolean overwrite) {
        int rows = m1 - m0;
        cOff += m0 * ldc;
        aOff += m0 * aRow;
        if (VECTOR && packs(M, N, K)) KernelsGemm.multiply(c, cOff, ldc, a, aOff, aRow, aCol, b, bOff, bRow, bCol, rows, N, K, overwrite, null);
        else gemmNaive(c, cOff, ldc, a, aOff, aRow, aCol, b, bOff, bRow, bCol, rows, N, K, overwrite);
    }

    /**
     * C += A·cols (C = A·cols when overwrite), M x taps times taps x pixels, where cols is the im2col matrix of an
     * image under geometry g, never written out: the product reads it from the padded image xp ({@link ConvKernels.Geometry#pad}). With transposed,
     * B is colsᵀ (pixels x taps) instead. A and C strided as in gemm. May use every core. Same numbers as gemmNaive
     * on the written-out cols, up to rounding.
     */
    public static void gemmCols(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol,
                                ConvKernels.Geometry g, float[] xp, boolean transposed, int M, boolean overwrite) {
        if (VECTOR) KernelsGemm.multiplyCols(c, cOff, ldc, a, aOff, aRow, aCol, g, xp, transposed, M, overwrite);
        else gemmColsBlock(0, M, 0, transposed ? g.taps() : g.pixels(), c, cOff, ldc, a, aOff, aRow, aCol, g, xp, transposed, M, overwrite);
    }

    /**
     * The block C[m0, m1) x [n0, n1) of {@link #gemmCols}, on this thread alone, each element computed as the whole
     * product computes it: callers that share out the blocks themselves get the same numbers on any number of threads.
     */
    public static void gemmColsBlock(int m0, int m1, int n0, int n1, float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol,
                                     ConvKernels.Geometry g, float[] xp, boolean transposed, int M, boolean overwrite) {
        if (VECTOR) { KernelsGemm.multiplyColsBlock(m0, m1, n0, n1, c, cOff, ldc, a, aOff, aRow, aCol, g, xp, transposed, M, overwrite); return; }
        int taps = g.taps(), pixels = g.pixels();
        float[] cols = new float[taps * pixels];   // the slow reference path (glassbox.vector=false) may allocate
        for (int r = 0; r < taps; r++)
            for (int p = 0; p < pixels; p++) cols[r * pixels + p] = g.at(xp, r, p);
        int bRow = transposed ? 1 : pixels, bCol = transposed ? pixels : 1;
        gemmNaive(c, cOff + m0 * ldc + n0, ldc, a, aOff + m0 * aRow, aRow, aCol, cols, n0 * bCol, bRow, bCol,
                m1 - m0, n1 - n0, transposed ? pixels : taps, overwrite);
    }

    public static void gemmNaive(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, int bCol,
                                 int M, int N, int K, boolean overwrite) {
        for (int m = 0; m < M; m++)
            for (int n = 0; n < N; n++) {
                float s = 0f;
                for (int k = 0; k < K; k++) s += a[aOff + m * aRow + k * aCol] * b[bOff + k * bRow + n * bCol];
                c[cOff + m * ldc + n] = overwrite ? s : c[cOff + m * ldc + n] + s;
            }
    }

    /** Products of at least this many multiply-adds go to the packed kernel (which may use every core). */
    static final long PACK_MIN = Long.getLong("glassbox.packMin", 1L << 18);

    /** Whether an M x K by K x N product is worth packing: the copies pay off, and tiles are mostly full. */
    static boolean packs(int M, int N, int K) {
        return (long) M * N * K >= PACK_MIN && M >= KernelsGemm.MR && K >= 8;
    }

    public static void matmulForwardNaive(float[] out, float[] inp, float[] w, float[] bias, int B, int I, int O) {
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++) {
                float s = bias == null ? 0f : bias[o];
                for (int i = 0; i < I; i++) s += inp[b * I + i] * w[o * I + i];
                out[b * O + o] = s;
            }
    }

    public static void matmulBackwardNaive(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                                           int B, int I, int O) {
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++) {
                float d = dout[b * O + o];
                if (dbias != null) dbias[o] += d;
                for (int i = 0; i < I; i++) {
                    dw[o * I + i] += d * inp[b * I + i];
                    if (dinp != null) dinp[b * I + i] += d * w[o * I + i];
                }
            }
    }

    /** Rows [b0, b1) of out = inp · wᵀ + bias: two rows by four outputs at a time, eight dot products in registers. */
    private static void matmulForwardRows(float[] out, float[] inp, float[] w, float[] bias, int b0, int b1, int I, int O) {
        int upper = S.loopBound(I);
        int b = b0;
        for (; b + 1 < b1; b += 2) {
            int r0 = b * I, r1 = r0 + I;
            int o = 0;
            for (; o + 3 < O; o += 4) {
                int w0 = o * I, w1 = w0 + I, w2 = w1 + I, w3 = w2 + I;
                FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
                FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
                for (int i = 0; i < upper; i += L) {
                    FloatVector x0 = FloatVector.fromArray(S, inp, r0 + i), x1 = FloatVector.fromArray(S, inp, r1 + i);
                    FloatVector v0 = FloatVector.fromArray(S, w, w0 + i), v1 = FloatVector.fromArray(S, w, w1 + i);
                    FloatVector v2 = FloatVector.fromArray(S, w, w2 + i), v3 = FloatVector.fromArray(S, w, w3 + i);
                    a00 = x0.fma(v0, a00); a01 = x0.fma(v1, a01); a02 = x0.fma(v2, a02); a03 = x0.fma(v3, a03);
                    a10 = x1.fma(v0, a10); a11 = x1.fma(v1, a11); a12 = x1.fma(v2, a12); a13 = x1.fma(v3, a13);
                }
                float s00 = sumLanes(a00), s01 = sumLanes(a01);
                float s02 = sumLanes(a02), s03 = sumLanes(a03);
                float s10 = sumLanes(a10), s11 = sumLanes(a11);
                float s12 = sumLanes(a12), s13 = sumLanes(a13);
                for (int i = upper; i < I; i++) {
                    float x0 = inp[r0 + i], x1 = inp[r1 + i];
                    s00 += x0 * w[w0 + i]; s01 += x0 * w[w1 + i]; s02 += x0 * w[w2 + i]; s03 += x0 * w[w3 + i];
                    s10 += x1 * w[w0 + i]; s11 += x1 * w[w1 + i]; s12 += x1 * w[w2 + i]; s13 += x1 * w[w3 + i];
                }
                float c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                if (bias != null) { c0 = bias[o]; c1 = bias[o + 1]; c2 = bias[o + 2]; c3 = bias[o + 3]; }
                int p0 = b * O + o, p1 = p0 + O;
                out[p0] = s00 + c0; out[p0 + 1] = s01 + c1; out[p0 + 2] = s02 + c2; out[p0 + 3] = s03 + c3;
                out[p1] = s10 + c0; out[p1 + 1] = s11 + c1; out[p1 + 2] = s12 + c2; out[p1 + 3] = s13 + c3;
            }
            for (; o < O; o++) {
                float c = bias == null ? 0f : bias[o];
                out[b * O + o] = dot(inp, r0, w, o * I, I) + c;
                out[(b + 1) * O + o] = dot(inp, r1, w, o * I, I) + c;
            }
        }
        for (; b < b1; b++)
            for (int o = 0; o < O; o++) out[b * O + o] = dot(inp, b * I, w, o * I, I) + (bias == null ? 0f : bias[o]);
    }

    /**
     * The sum of a vector's lanes, always added in the same pairwise order. reduceLanes(ADD) leaves the
     * order open and the interpreter and the JIT use different ones, so training would depend on when
     * the JIT kicks in; with this, the same seed gives the same numbers.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> half : HALVES) v = v.add(v.rearrange(half));
        return v.lane(0);
    }

    /** Shuffles that bring lane i + L/2, then i + L/4, ..., then i + 1 onto lane i. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] HALVES = java.util.stream.IntStream.iterate(L / 2, h -> h >= 1, h -> h / 2)
            .mapToObj(h -> VectorShuffle.iota(S, h, 1, true)).toArray(VectorShuffle[]::new);

    /** Σ_i x[xo + i] · y[yo + i] for i < n. */
    static float dot(float[] x, int xo, float[] y, int yo, int n) {
        int upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < upper; i += L)
            acc = FloatVector.fromArray(S, x, xo + i).fma(FloatVector.fromArray(S, y, yo + i), acc);
        float s = sumLanes(acc);
        for (int i = upper; i < n; i++) s += x[xo + i] * y[yo + i];
        return s;
    }

    /** Rows [o0, o1) of dw += doutᵀ · inp: for four rows of dw and one vector of columns, sweep the batch. */
    private static void weightGradientRows(float[] dw, float[] dout, float[] inp, int o0, int o1, int B, int I, int O) {
        int upper = S.loopBound(I);
        int o = o0;
        for (; o + 3 < o1; o += 4) {
            int w0 = o * I, w1 = w0 + I, w2 = w1 + I, w3 = w2 + I;
            for (int i = 0; i < upper; i += L) {
                FloatVector g0 = FloatVector.fromArray(S, dw, w0 + i), g1 = FloatVector.fromArray(S, dw, w1 + i);
                FloatVector g2 = FloatVector.fromArray(S, dw, w2 + i), g3 = FloatVector.fromArray(S, dw, w3 + i);
                for (int b = 0; b < B; b++) {
                    FloatVector x = FloatVector.fromArray(S, inp, b * I + i);
                    int d = b * O + o;
                    g0 = x.fma(FloatVector.broadcast(S, dout[d]), g0); g1 = x.fma(FloatVector.broadcast(S, dout[d + 1]), g1);
                    g2 = x.fma(FloatVector.broadcast(S, dout[d + 2]), g2); g3 = x.fma(FloatVector.broadcast(S, dout[d + 3]), g3);
                }
                g0.intoArray(dw, w0 + i); g1.intoArray(dw, w1 + i); g2.intoArray(dw, w2 + i); g3.intoArray(dw, w3 + i);
            }
            for (int i = upper; i < I; i++)
                for (int b = 0; b < B; b++) {
                    float x = inp[b * I + i];
                    int d = b * O + o;
                    dw[w0 + i] += dout[d] * x; dw[w1 + i] += dout[d + 1] * x;
                    dw[w2 + i] += dout[d + 2] * x; dw[w3 + i] += dout[d + 3] * x;
                }
        }
        for (; o < o1; o++) {
            int w0 = o * I;
            for (int i = 0; i < upper; i += L) {
                FloatVector g = FloatVector.fromArray(S, dw, w0 + i);
                for (int b = 0; b < B; b++) g = FloatVector.fromArray(S, inp, b * I + i).fma(FloatVector.broadcast(S, dout[b * O + o]), g);
                g.intoArray(dw, w0 + i);
            }
            for (int i = upper; i < I; i++)
                for (int b = 0; b < B; b++) dw[w0 + i] += dout[b * O + o] * inp[b * I + i];
        }
    }

    /** Rows [b0, b1) of dinp += dout · w: for one row of dinp and one vector of columns, sweep the outputs. */
    private static void inputGradientRows(float[] dinp, float[] dout, float[] w, int b0, int b1, int I, int O) {
        int upper = S.loopBound(I);
        int b = b0;
        for (; b + 3 < b1; b += 4) {
            int r0 = b * I, r1 = r0 + I, r2 = r1 + I, r3 = r2 + I;
            int d0 = b * O, d1 = d0 + O, d2 = d1 + O, d3 = d2 + O;
            for (int i = 0; i < upper; i += L) {
                FloatVector g0 = FloatVector.fromArray(S, dinp, r0 + i), g1 = FloatVector.fromArray(S, dinp, r1 + i);
                FloatVector g2 = FloatVector.fromArray(S, dinp, r2 + i), g3 = FloatVector.fromArray(S, dinp, r3 + i);
                for (int o = 0; o < O; o++) {
                    FloatVector v = FloatVector.fromArray(S, w, o * I + i);
                    g0 = v.fma(FloatVector.broadcast(S, dout[d0 + o]), g0); g1 = v.fma(FloatVector.broadcast(S, dout[d1 + o]), g1);
                    g2 = v.fma(FloatVector.broadcast(S, dout[d2 + o]), g2); g3 = v.fma(FloatVector.broadcast(S, dout[d3 + o]), g3);
                }
                g0.intoArray(dinp, r0 + i); g1.intoArray(dinp, r1 + i); g2.intoArray(dinp, r2 + i); g3.intoArray(dinp, r3 + i);
            }
            for (int i = upper; i < I; i++)
                for (int o = 0; o < O; o++) {
                    float v = w[o * I + i];
                    dinp[r0 + i] += dout[d0 + o] * v; dinp[r1 + i] += dout[d1 + o] * v;
                    dinp[r2 + i] += dout[d2 + o] * v; dinp[r3 + i] += dout[d3 + o] * v;
                }
        }
        for (; b < b1; b++) {
            int r = b * I, d = b * O;
            for (int i = 0; i < upper; i += L) {
                FloatVector g = FloatVector.fromArray(S, dinp, r + i);
                for (int o = 0; o < O; o++) g = FloatVector.fromArray(S, w, o * I + i).fma(FloatVector.broadcast(S, dout[d + o]), g);
                g.intoArray(dinp, r + i);
            }
            for (int i = upper; i < I; i++)
                for (int o = 0; o < O; o++) dinp[r + i] += dout[d + o] * w[o * I + i];
        }
    }

    // ---- element-wise helpers used by optimisers and layers ----

    /** y += alpha · x over n values. */
    public static void axpy(float[] y, float alpha, float[] x, int n) { axpy(y, 0, alpha, x, n); }

    /** y[yOff..] += alpha · x over n values, rounded exactly as {@code axpy} rounds them at offset 0. */
    public static void axpy(float[] y, int yOff, float alpha, float[] x, int n) {
        int i = 0;
        if (VECTOR) {
            int upper = S.loopBound(n);
            for (; i < upper; i += L)
                FloatVector.fromArray(S, x, i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[i];
    }

    /**
     * a = σ(z) = 1 / (1 + e^-z) over n values, e^-z by {@link #exp}: built from adds, multiplies and
     * FMAs only, which IEEE rounds exactly, so the interpreter and the JIT give the same bits (the Vector
     * API's own EXP does not, and training with a seed would not repeat).
     */
    public static void sigmoid(float[] z, float[] a, int n) {
        int i = 0;
        if (VECTOR) {
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int upper = S.loopBound(n); i < upper; i += L)
                one.div(one.add(exp(FloatVector.fromArray(S, z, i).neg()))).intoArray(a, i);
        }
        for (; i < n; i++) a[i] = 1f / (1f + (float) Math.exp(-z[i]));
    }

    /**
     * One momentum step over n weights: g' = g·inv + decay·w (decay 0: no pull), v = μ v − η g', w = w + v.
     * Multiplies and adds kept apart as the scalar loop has them, so both give the same bits.
     */
    public static void momentumStep(float[] w, float[] v, float[] g, int n, float mu, float lr, float inv, float decay) {
        int i = 0;
        if (VECTOR)
            for (int upper = S.loopBound(n); i < upper; i += L) {
                FloatVector wi = FloatVector.fromArray(S, w, i), gi = FloatVector.fromArray(S, g, i).mul(inv);
                if (decay != 0f) gi = gi.add(wi.mul(decay));
                FloatVector vi = FloatVector.fromArray(S, v, i).mul(mu).sub(gi.mul(lr));
                vi.intoArray(v, i);
                wi.add(vi).intoArray(w, i);
            }
        for (; i < n; i++) {
            float gi = decay != 0f ? g[i] * inv + decay * w[i] : g[i] * inv;
            v[i] = mu * v[i] - lr * gi;
            w[i] += v[i];
        }
    }

    // ---- batch normalisation: one channel of one image, x[off, off + n) ----

    /**
     * Σ x over n values from off (in float, lane by lane; the lanes summed by {@link #sumLanes}, in a fixed order:
     * reading lanes one by one with a variable index keeps C2 from its intrinsics, and the vectors become objects).
     */
    public static double sum(float[] x, int off, int n) {
        int i = 0;
        double s = 0;
        if (VECTOR) {
            FloatVector acc = FloatVector.zero(S);
            for (int upper = S.loopBound(n); i < upper; i += L) acc = acc.add(FloatVector.fromArray(S, x, off + i));
            s = sumLanes(acc);
        }
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    /** Σ (x − m)² over n values from off. */
    public static double sumSquaredDeviations(float[] x, int off, int n, float m) {
        int i = 0;
        double s = 0;
        if (VECTOR) {
            FloatVector acc = FloatVector.zero(S);
            for (int upper = S.loopBound(n); i < upper; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(m);
                acc = d.fma(d, acc);
            }
            s = sumLanes(acc);
        }
        for (; i < n; i++) { float d = x[off + i] - m; s += d * d; }
        return s;
    }

    /** Σ x·y over n values from off (both arrays at the same offset). */
    public static double sumProducts(float[] x, float[] y, int off, int n) {
        int i = 0;
        double s = 0;
        if (VECTOR) {
            FloatVector acc = FloatVector.zero(S);
            for (int upper = S.loopBound(n); i < upper; i += L) acc = FloatVector.fromArray(S, x, off + i).fma(FloatVector.fromArray(S, y, off + i), acc);
            s = sumLanes(acc);
        }
        for (; i < n; i++) s += x[off + i] * y[off + i];
        return s;
    }

    /** x̂ = (x − μ)·inv and y = γ x̂ + β over n values from off. */
    public static void normalise(float[] x, float[] xhat, float[] y, int off, int n, float mu, float inv, float gamma, float beta) {
        int i = 0;
        if (VECTOR)
            for (int upper = S.loopBound(n); i < upper; i += L) {
                FloatVector h = FloatVector.fromArray(S, x, off + i).sub(mu).mul(inv);
                h.intoArray(xhat, off + i);
                h.fma(gamma, beta).intoArray(y, off + i);
            }
        for (; i < n; i++) {
            float h = (x[off + i] - mu) * inv;
            xhat[off + i] = h;
            y[off + i] = Math.fma(h, gamma, beta);
        }
    }

    /** dx = k·(N·dy − Σdy − x̂·Σdy x̂) over n values from off: batch normalisation's input gradient. */
    public static void normaliseBackward(float[] dy, float[] xhat, float[] dx, int off, int n, float k, float N, float sumDy, float sumDyXhat) {
        int i = 0;
        if (VECTOR)
            for (int upper = S.loopBound(n); i < upper; i += L)
                FloatVector.fromArray(S, dy, off + i).mul(N).sub(sumDy).sub(FloatVector.fromArray(S, xhat, off + i).mul(sumDyXhat)).mul(k).intoArray(dx, off + i);
        for (; i < n; i++) dx[off + i] = k * (N * dy[off + i] - sumDy - xhat[off + i] * sumDyXhat);
    }

    /** a = max(0, z) over n values, as Math.max (a NaN stays NaN, so a diverging run still shows). */
    public static void relu(float[] z, float[] a, int n) {
        int i = 0;
        if (VECTOR)
            for (int upper = S.loopBound(n); i < upper; i += L) FloatVector.fromArray(S, z, i).max(0f).intoArray(a, i);
        for (; i < n; i++) a[i] = Math.max(0f, z[i]);
    }

    /** dz = da where z > 0, else 0, over n values: ReLU's slope times dC/da, without a branch to mispredict. */
    public static void reluBackward(float[] z, float[] da, float[] dz, int n) {
        int i = 0;
        if (VECTOR) {
            FloatVector zero = FloatVector.zero(S);
            for (int upper = S.loopBound(n); i < upper; i += L)
                zero.blend(FloatVector.fromArray(S, da, i), FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f)).intoArray(dz, i);
        }
        for (; i < n; i++) dz[i] = z[i] > 0f ? da[i] : 0f;
    }

    /**
     * e^x lane by lane, within 2 ulp of Math.exp (Cephes' expf): x = n·ln 2 + r with |r| ≤ ln 2 / 2,
     * e^r by a degree-7 polynomial, 2^n put straight into the exponent bits. x is clamped to
     * [−87.3, 88.3], where e^x stays a normal float.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87.3f).min(88.3f);
        FloatVector shifted = x.fma(FloatVector.broadcast(S, LOG2_E), FloatVector.broadcast(S, ROUNDING));   // n in the low bits
        FloatVector n = shifted.sub(ROUNDING);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f);                                                    // e^r
        IntVector twoToN = ((IntVector) shifted.reinterpretShape(IS, 0)).sub(ROUNDING_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return er.mul((FloatVector) twoToN.reinterpretShape(S, 0));
    }

    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    private static final float LOG2_E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUNDING = 12582912f;
    private static final int ROUNDING_BITS = Float.floatToRawIntBits(ROUNDING);

    /** Index of the largest of x[off .. off + n). */
    public static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) if (x[off + j] > x[off + best]) best = j;
        return best;
    }
}
