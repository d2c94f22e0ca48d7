package glassbox.engine;

import java.util.Arrays;

/**
 * The loops that turn convolution and pooling into work for {@link Kernels}: a convolution is the matrix
 * product w · cols, where cols holds one image's receptive fields as columns. {@link Geometry} says where
 * each entry of cols lies in a padded copy of the image, so {@link Kernels#gemmCols} reads them from there;
 * im2col writes cols out whole (the tests' reference), and col2im adds the columns' gradients back onto
 * the image (the input gradient of strides other than 1). Stride-1 3x3 and 5x5 convolutions of 16 or more
 * channels take fewer multiplications through {@link Winograd} instead ({@link Winograd#suits} decides),
 * forward, for the input gradient and for the weight gradient.
 * Plain loops, one job each, like llm.c. Images are (C, H, W) row-major; a batch holds them back to back.
 * B = images, C = channels in, H/W = height/width in, K = kernel size, S = stride, P = padding,
 * OH/OW = height/width out, CKK = C*K*K (one column of cols: one receptive field).
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** The output size of a K-wide window sliding with stride S over N values padded by P on both sides. */
    public static int outputSize(int N, int K, int S, int P) { return (N + 2 * P - K) / S + 1; }

    // ---- convolution as a matrix product ----

    /**
     * The shape of one convolution: C x H x W images, K x K kernels moved by S over a border of P zeros,
     * OH x OW outputs. Its im2col matrix cols (C·K·K, OH·OW) is never written out: the image is copied once
     * into a padded buffer xp (C, H + 2P, W + 2P) by {@link #pad}, where cols(r, p) = xp[tapOffset[r] + pixelOffset[p]],
     * and the product's packing reads the pieces it needs from there.
     */
    public static final class Geometry {
        public final int C, H, W, K, S, P, OH, OW;
        /** Height and width of the padded image. */
        final int Hp, Wp;
        /** Where tap r = (c, ky, kx) of output pixel 0 lies in xp, and how far output pixel p = (oy, ox) moves it. */
        final int[] tapOffset, pixelOffset;
        /**
         * For stride 1, the 16-float copies that fill one row of each panel of NR output pixels ({@link KernelsGemm}'s
         * B panels): copy v moves xp[tapOffset[r] + copySource[panel][v] ...] to the panel row at copyTarget[panel][v].
         * An output row's run of pixels is contiguous in xp; a copy may run past its run, and the next copy (or the
         * next panel row, written after it) overwrites the excess.
         */
        final int[][] copySource, copyTarget;

        public Geometry(int C, int H, int W, int K, int S, int P) {
            this.C = C; this.H = H; this.W = W; this.K = K; this.S = S; this.P = P;
            this.OH = outputSize(H, K, S, P);
            this.OW = outputSize(W, K, S, P);
            this.Hp = H + 2 * P;
            this.Wp = W + 2 * P;
            tapOffset = new int[KernelsGemm.roundUp(taps(), KernelsGemm.NR)];   // the rest stay 0: a gather's spare lanes read xp[pixel]
            for (int r = 0; r < taps(); r++) tapOffset[r] = (r / (K * K)) * Hp * Wp + (r / K % K) * Wp + r % K;
            pixelOffset = new int[pixels()];
            for (int p = 0; p < pixels(); p++) pixelOffset[p] = p / OW * S * Wp + p % OW * S;
            int panels = (pixels() + KernelsGemm.NR - 1) / KernelsGemm.NR, L = KernelsGemm.L;
            copySource = new int[panels][];
            copyTarget = new int[panels][];
            for (int j = 0; S == 1 && j < panels; j++) {
                int p0 = j * KernelsGemm.NR, p1 = Math.min(pixels(), p0 + KernelsGemm.NR);
                java.util.List<int[]> copies = new java.util.ArrayList<>();
                for (int p = p0; p < p1; ) {
                    int run = Math.min(p1 - p, OW - p % OW);   // to the end of this output row or panel
                    for (int v = 0; v < run; v += L) copies.add(new int[] {pixelOffset[p] + v, p - p0 + v});
                    p += run;
                }
                copySource[j] = copies.stream().mapToInt(c -> c[0]).toArray();
                copyTarget[j] = copies.stream().mapToInt(c -> c[1]).toArray();
            }
        }

        /** Rows of cols: C·K·K, one per tap (c, ky, kx). */
        public int taps() { return C * K * K; }

        /** Columns of cols: OH·OW, one per output pixel. */
        public int pixels() { return OH * OW; }

        /** Floats in a padded image buffer: the image with its border, and room for a copy to run past the end. */
        public int paddedSize() { return C * Hp * Wp + 2 * KernelsGemm.NR; }

        /** xp = the image at inp[inOff] with a border of P zeros. */
        public void pad(float[] xp, float[] inp, int inOff) {
            for (int c = 0; c < C; c++) {
                int dst = c * Hp * Wp, src = inOff + c * H * W;
                java.util.Arrays.fill(xp, dst, dst + P * Wp, 0f);
                dst += P * Wp;
                for (int y = 0; y < H; y++, dst += Wp, src += W) {
                    for (int x = 0; x < P; x++) { xp[dst + x] = 0f; xp[dst + P + W + x] = 0f; }
                    System.arraycopy(inp, src, xp, dst + P, W);
                }
                java.util.Arrays.fill(xp, dst, dst + P * Wp, 0f);
            }
        }

        /** cols(r, p), read from the padded image xp. */
        public float at(float[] xp, int r, int p) { return xp[tapOffset[r] + pixelOffset[p]]; }

        /**
         * The geometry of the input gradient of a stride-1 convolution: dC/da_prev is the convolution of δ
         * (filters x OH x OW) with the kernels turned half a circle, over a border of K − 1 − P zeros.
         */
        public Geometry backwards(int filters) { return new Geometry(filters, OH, OW, K, 1, K - 1 - P); }
    }

    /**
     * cols (CKK, OH*OW) of one image, starting at cols[colsOff]: row c*K*K + ky*K + kx holds, for every output
     * pixel (oy, ox), the input pixel that tap (ky, kx) of channel c lands on there, zero where it hangs over
     * the padding.   The image (C, H, W) starts at inp[inOff].
     */
    public static void im2col(float[] cols, int colsOff, float[] inp, int inOff, int C, int H, int W, int K, int S, int P, int OH, int OW) {
        for (int r = 0; r < C * K * K; r++) {
            int c = r / (K * K), ky = r / K % K, kx = r % K;
            int plane = inOff + c * H * W, ox0 = firstInside(kx, S, P, W, OW), ox1 = Math.max(ox0, lastInside(kx, S, P, W, OW));
            for (int oy = 0; oy < OH; oy++) {
                int y = oy * S - P + ky, dst = colsOff + (r * OH + oy) * OW;
                if (y < 0 || y >= H) { for (int ox = 0; ox < OW; ox++) cols[dst + ox] = 0f; continue; }
                for (int ox = 0; ox < ox0; ox++) cols[dst + ox] = 0f;
                int src = plane + y * W - P + kx;   // + ox·S
                for (int ox = ox0; ox < ox1; ox++) cols[dst + ox] = inp[src + ox * S];
                for (int ox = ox1; ox < OW; ox++) cols[dst + ox] = 0f;
            }
        }
    }

    /**
     * dinp += the rows of dcols (CKK, OH*OW) added back where im2col took them from.   Shapes as in im2col.
     */
    public static void col2im(float[] dinp, int inOff, float[] dcols, int C, int H, int W, int K, int S, int P, int OH, int OW) {
        for (int r = 0; r < C * K * K; r++) {
            int c = r / (K * K), ky = r / K % K, kx = r % K;
            int plane = inOff + c * H * W, ox0 = firstInside(kx, S, P, W, OW), ox1 = Math.max(ox0, lastInside(kx, S, P, W, OW));
            for (int oy = 0; oy < OH; oy++) {
                int y = oy * S - P + ky, src = (r * OH + oy) * OW;
                if (y < 0 || y >= H) continue;
                int dst = plane + y * W - P + kx;   // + ox·S
                for (int ox = ox0; ox < ox1; ox++) dinp[dst + ox * S] += dcols[src + ox];
            }
        }
    }

    /** The first output column whose tap kx lands inside the image: ox·S − P + kx ≥ 0. */
    private static int firstInside(int kx, int S, int P, int W, int OW) { return Math.min(OW, Math.max(0, Math.ceilDiv(P - kx, S))); }

    /** One past the last output column whose tap kx lands inside the image: ox·S − P + kx ≤ W − 1. */
    private static int lastInside(int kx, int S, int P, int W, int OW) { return Math.min(OW, Math.max(0, Math.floorDiv(W - 1 + P - kx, S) + 1)); }

    /** Direct convolution, the reference for tests: out (B, O, OH, OW) = w ⋆ inp + bias,  w (O, C, K, K). */
    public static void convForwardNaive(float[] out, float[] inp, float[] w, float[] bias, int B, int C, int H, int W,
                                        int O, int K, int S, int P) {
        int OH = outputSize(H, K, S, P), OW = outputSize(W, K, S, P);
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++)
                for (int oy = 0; oy < OH; oy++)
                    for (int ox = 0; ox < OW; ox++) {
                        float s = bias == null ? 0f : bias[o];
                        for (int c = 0; c < C; c++)
                            for (int ky = 0; ky < K; ky++)
                                for (int kx = 0; kx < K; kx++) {
                                    int y = oy * S - P + ky, x = ox * S - P + kx;
                                    if (y >= 0 && y < H && x >= 0 && x < W)
                                        s += inp[((b * C + c) * H + y) * W + x] * w[((o * C + c) * K + ky) * K + kx];
                                }
                        out[((b * O + o) * OH + oy) * OW + ox] = s;
                    }
    }

    // ---- pooling: a K x K window moved by S, per plane (one channel of one image).   Planes [p0, p1) of
    //      inp (B*C, H, W) and out (B*C, OH, OW), so cores can share the planes ----

    /** out = the largest value in each window; argmax remembers where it was (an index into inp) for backward. */
    public static void maxPoolForward(float[] out, int[] argmax, float[] inp, int p0, int p1, int H, int W, int K, int S, int OH, int OW) {
        if (K == 2 && S == 2) { maxPool2x2(out, argmax, inp, p0, p1, H, W, OH, OW); return; }
        for (int plane = p0; plane < p1; plane++) {
            int in = plane * H * W, o = plane * OH * OW;
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OW; ox++, o++) {
                    int best = in + oy * S * W + ox * S;
                    for (int ky = 0; ky < K; ky++)
                        for (int kx = 0; kx < K; kx++) {
                            int i = in + (oy * S + ky) * W + ox * S + kx;
                            if (inp[i] > inp[best]) best = i;
                        }
                    out[o] = inp[best];
                    argmax[o] = best;
                }
        }
    }

    /**
     * maxPoolForward for the common 2 x 2 window of stride 2, unrolled and without branches (which way a
     * comparison goes is a coin toss on real maps, and a mispredicted branch costs more than the window):
     * the same winner, the first of the largest values in the order top left, top right, bottom left, bottom right
     * (but for a tie of −0 and +0, which compare equal and may go either way).
     */
    private static void maxPool2x2(float[] out, int[] argmax, float[] inp, int p0, int p1, int H, int W, int OH, int OW) {
        for (int plane = p0; plane < p1; plane++) {
            int in = plane * H * W, o = plane * OH * OW;
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0, top = in + 2 * oy * W; ox < OW; ox++, o++) {
                    int i = top + 2 * ox, best = i;
                    float max = inp[i];
                    best += isAbove(inp[i + 1], max) * (i + 1 - best);         max = Math.max(max, inp[i + 1]);
                    best += isAbove(inp[i + W], max) * (i + W - best);         max = Math.max(max, inp[i + W]);
                    best += isAbove(inp[i + W + 1], max) * (i + W + 1 - best); max = Math.max(max, inp[i + W + 1]);
                    out[o] = max;
                    argmax[o] = best;
                }
        }
    }

    /** 1 if v > max, else 0, from the sign of max − v: no branch. */
    private static int isAbove(float v, float max) { return Float.floatToRawIntBits(max - v) >>> 31; }

    /** dinp = 0 except at each window's maximum, which receives the window's dout (added, windows may overlap). */
    public static void maxPoolBackward(float[] dinp, float[] dout, int[] argmax, int p0, int p1, int H, int W, int OH, int OW) {
        Arrays.fill(dinp, p0 * H * W, p1 * H * W, 0f);
        for (int o = p0 * OH * OW, n = p1 * OH * OW; o < n; o++) dinp[argmax[o]] += dout[o];
    }

    /** out = the mean of each window. */
    public static void avgPoolForward(float[] out, float[] inp, int p0, int p1, int H, int W, int K, int S, int OH, int OW) {
        float scale = 1f / (K * K);
        for (int plane = p0; plane < p1; plane++) {
            int in = plane * H * W, o = plane * OH * OW;
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OW; ox++, o++) {
                    float s = 0;
                    for (int ky = 0; ky < K; ky++)
                        for (int kx = 0; kx < K; kx++) s += inp[in + (oy * S + ky) * W + ox * S + kx];
                    out[o] = s * scale;
                }
        }
    }

    /** dinp = each window's dout shared equally among its K*K inputs. */
    public static void avgPoolBackward(float[] dinp, float[] dout, int p0, int p1, int H, int W, int K, int S, int OH, int OW) {
        Arrays.fill(dinp, p0 * H * W, p1 * H * W, 0f);
        float scale = 1f / (K * K);
        for (int plane = p0; plane < p1; plane++) {
            int in = plane * H * W, o = plane * OH * OW;
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OW; ox++, o++) {
                    float d = dout[o] * scale;
                    for (int ky = 0; ky < K; ky++)
                        for (int kx = 0; kx < K; kx++) dinp[in + (oy * S + ky) * W + ox * S + kx] += d;
                }
        }
    }
}
