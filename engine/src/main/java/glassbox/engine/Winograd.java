package glassbox.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * A stride-1 convolution by Winograd's minimal filtering (Lavin and Gray, "Fast Algorithms for Convolutional
 * Neural Networks", 2016): F(m x m, K x K) makes an m x m block of outputs from an α x α tile of the padded
 * input, α = m + K − 1, with α² multiplications per pair of channels instead of m²K²:
 *   Y_o = Aᵀ [ Σ_c (G g_oc Gᵀ) ⊙ (Bᵀ d_c B) ] A,   g_oc the K x K kernel, d_c the tile of channel c.
 * The sum over channels, at each of the α² positions ξ, is one matrix product over the tiles of a few
 * images: M_ξ (tiles, O) = V_ξ (tiles, C) · U_ξ (C, O), U = G g Gᵀ (made once per set of kernels), V = Bᵀ d B.
 * F(4x4, 3x3) for 3x3 kernels (36 instead of 144 multiplications per block) and F(2x2, 5x5) for 5x5 (36
 * instead of 100); both have α = 6 and the points 0, ±1, ±2, ∞, so they share Bᵀ. Images are (C, H, W);
 * inside, tiles and products hold channels last, so the transforms run on vectors of channels.
 * The weight gradient runs the other way ({@link #addWeightGradient}): dU_ξ = Σ_tiles V_ξᵀ (A δ Aᵀ)_ξ, dg = Gᵀ dU G.
 * Every output is made by the same operations whichever thread makes it and whichever images share its
 * products (a product's element is one fma chain over the channels), so the numbers do not depend on threads.
 */
public final class Winograd {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int ALPHA = 6, POSITIONS = ALPHA * ALPHA;
    /**
     * Tiles per group of images (the rows of the products): 100 ran case d's and e's layers 5-15% faster than 160
     * (a group's V and M, 36·tiles·(Cp + Op) floats, then spill from a core's 1 MB L2 cache); fewer make short products.
     */
    static final int GROUP_TILES = Integer.getInteger("glassbox.winogradTiles", 100);
    /** {@code -Dglassbox.winograd=false} sends every convolution to the direct product, for comparison. */
    static final boolean ENABLED = !"false".equals(System.getProperty("glassbox.winograd"));

    /**
     * Whether a stride-1 convolution of C channels in, K x K kernels and OH x OW outputs goes through Winograd
     * rather than the direct product. Measured forward on one thread, batch 64, 64 filters: with 8 channels
     * Winograd took 1.5-1.8 times as long (its transforms run on vectors of 16 channels, half of them padding),
     * with 16 it was even (3x3) or 1.3x faster (5x5), with 24-64 1.1-2x faster, small maps gaining most
     * (1.7-2x on 4x4 outputs). So a first layer of 1 to 8 channels stays direct. An output plane must fill a
     * vector, which its blocks are moved by.
     */
    public static boolean suits(int C, int K, int S, int OH, int OW) {
        return ENABLED && S == 1 && (K == 3 || K == 5) && C >= 16 && OH * OW >= L;
    }

    /** m, the side of the output block: 4 for 3x3 kernels, 2 for 5x5 (α = m + K − 1 = 6). */
    static int blockSize(int K) { return ALPHA + 1 - K; }

    /** G for F(m, K) at the points 0, 1, −1, 2, −2, ∞: row k is f_k·(1, p_k, p_k², ...), and (0, ..., 0, 1) for ∞. */
    private static float[] kernelTransform(int K) {
        double[] p = {0, 1, -1, 2, -2}, f = {1 / 4.0, -1 / 6.0, -1 / 6.0, 1 / 24.0, 1 / 24.0};
        float[] g = new float[ALPHA * K];
        for (int k = 0; k < p.length; k++)
            for (int j = 0; j < K; j++) g[k * K + j] = (float) (f[k] * Math.pow(p[k], j));
        g[ALPHA * K - 1] = 1;
        return g;
    }

    public final int C, H, W, O, K, P, m, OH, OW;
    /**
     * Tiles down and across one image, channels in and out rounded up to whole vectors, the padded image's
     * height and width, and the blocks' (OH, OW rounded up to whole blocks); images per group.
     */
    final int tilesY, tilesX, Cp, Op, Hp, Wp, OHp, OWp, group;
    /** G (α, K), row by row. */
    private final float[] G;
    /** U (ξ, Cp, Op): the kernels' transforms, made from the kernels in madeFrom (channels past C and O stay 0). */
    private final float[] U, madeFrom;
    /** The kernels with the output channel last, (C, K, K, Op), which U's transform reads as vectors. */
    private final float[] kernelsLast;
    /** Gathers' index maps: L channels of an image (H·W apart) and of δ (OH·OW apart); where pixel q = y·OW + x of the output lies in the blocks. */
    private final int[] channelStride, deltaStride, blockOffset;
    /**
     * Per thread: the group's padded images (Hp, Wp, Cp), V (ξ, tiles, Cp), M (ξ, tiles, Op), the blocks of one
     * image (OHp, OWp, Op), one tile's half-done transform (α, α, L). The weight gradient keeps dM in M's place and
     * one image's δ in the blocks.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
            new float[0], new float[0], new float[0], new float[0], new float[POSITIONS * L]});
    // the arrays of the current call, and the bodies Parallel runs (made once: a call allocates nothing)
    private float[] out, inp, bias;
    private int batchSize;
    private final Parallel.Range images = this::images, kernels = this::kernels;
    /**
     * The weight gradient's buffers, made at its first call: each group's dU (ξ, Cp, Op), and their sum. Case d's second
     * layer (32 -> 64 channels, 14x14, batch 64: 32 groups of 2 images): 9.4 + 0.3 MB.
     */
    private float[] groupDU = new float[0], dU = new float[0];
    private float[] delta, dw;
    private int groups;
    private final Parallel.Range gradientGroups = this::gradientGroups, sumGroups = this::sumGroups, kernelGradients = this::kernelGradients;

    /** The convolution of C x H x W images with O kernels K x K (3 or 5) over a border of P zeros, stride 1. */
    public Winograd(int C, int H, int W, int O, int K, int P) {
        assert (K == 3 || K == 5) && ConvKernels.outputSize(H, K, 1, P) * ConvKernels.outputSize(W, K, 1, P) >= L;   // see suits
        this.C = C; this.H = H; this.W = W; this.O = O; this.K = K; this.P = P;
        this.m = blockSize(K);
        this.OH = ConvKernels.outputSize(H, K, 1, P);
        this.OW = ConvKernels.outputSize(W, K, 1, P);
        this.tilesY = Math.ceilDiv(OH, m);
        this.tilesX = Math.ceilDiv(OW, m);
        this.Cp = KernelsGemm.roundUp(C, L);
        this.Op = KernelsGemm.roundUp(O, L);
        this.OHp = tilesY * m;
        this.OWp = tilesX * m;
        this.Hp = OHp + K - 1;   // the border, and below and right of it room for the last tiles' overhang
        this.Wp = OWp + K - 1;
        this.group = Math.max(1, GROUP_TILES / (tilesY * tilesX));
        this.G = kernelTransform(K);
        this.U = new float[POSITIONS * Cp * Op];
        this.kernelsLast = new float[C * K * K * Op];
        this.madeFrom = new float[O * C * K * K];
        this.channelStride = new int[L];
        for (int lane = 0; lane < L; lane++) channelStride[lane] = lane * H * W;
        this.deltaStride = new int[L];
        for (int lane = 0; lane < L; lane++) deltaStride[lane] = lane * OH * OW;
        this.blockOffset = new int[OH * OW];
        for (int q = 0; q < OH * OW; q++) blockOffset[q] = (q / OW * OWp + q % OW) * Op;
        Arrays.fill(madeFrom, Float.NaN);   // no kernels yet: the first call makes U
    }

    /** U = G g Gᵀ for the kernels w (O, C, K, K), unless U was made from these very numbers. */
    public void useKernels(float[] w) {
        if (Arrays.equals(w, 0, madeFrom.length, madeFrom, 0, madeFrom.length)) return;
        System.arraycopy(w, 0, madeFrom, 0, madeFrom.length);
        for (int o = 0; o < O; o++)
            for (int r = 0; r < C * K * K; r++) kernelsLast[r * Op + o] = w[o * C * K * K + r];
        Parallel.forRange(C, (long) Op * POSITIONS * K * 2, kernels);
    }

    /** U's rows for channels [c0, c1): U[ξ = (a, b)][c][o] = Σ_{ky,kx} G[a][ky] g_oc[ky][kx] G[b][kx], L output channels at a time. */
    private void kernels(int c0, int c1) {
        float[] gGt = SCRATCH.get()[4];   // (K, α, L): one vector's g Gᵀ
        for (int c = c0; c < c1; c++)
            for (int o = 0; o < Op; o += L) {
                int g = c * K * K * Op + o;
                for (int ky = 0; ky < K; ky++)
                    for (int b = 0; b < ALPHA; b++) {
                        FloatVector s = FloatVector.zero(S);
                        for (int kx = 0; kx < K; kx++)
                            if (G[b * K + kx] != 0) s = FloatVector.fromArray(S, kernelsLast, g + (ky * K + kx) * Op).fma(FloatVector.broadcast(S, G[b * K + kx]), s);
                        s.intoArray(gGt, (ky * ALPHA + b) * L);
                    }
                for (int a = 0; a < ALPHA; a++)
                    for (int b = 0; b < ALPHA; b++) {
                        FloatVector s = FloatVector.zero(S);
                        for (int ky = 0; ky < K; ky++)
                            if (G[a * K + ky] != 0) s = FloatVector.fromArray(S, gGt, (ky * ALPHA + b) * L).fma(FloatVector.broadcast(S, G[a * K + ky]), s);
                        s.intoArray(U, ((a * ALPHA + b) * Cp + c) * Op + o);
                    }
            }
    }

    /**
     * out (B, O, OH, OW) = bias + the kernels of the last {@link #useKernels} convolved over inp (B, C, H, W);
     * bias (O) may be null. The cores share the images.
     */
    public void convolve(float[] out, float[] inp, float[] bias, int batch) {
        this.out = out; this.inp = inp; this.bias = bias;
        long perImage = (long) tilesY * tilesX * POSITIONS * Cp * Op + Parallel.COPY_COST * POSITIONS * tilesY * tilesX * (Cp + Op);
        Parallel.forRange(batch, perImage, images);
        this.out = this.inp = this.bias = null;
    }

    /** Images [i0, i1), a group at a time: pad, transform the tiles, α² products, transform back. */
    private void images(int i0, int i1) {
        float[][] s = SCRATCH.get();
        int tiles = tilesY * tilesX, groupTiles = group * tiles;
        grow(s, 0, group * Hp * Wp * Cp);
        grow(s, 1, POSITIONS * groupTiles * Cp);
        grow(s, 2, POSITIONS * groupTiles * Op);
        grow(s, 3, OHp * OWp * Op);
        float[] xp = s[0], V = s[1], M = s[2], blocks = s[3], half = s[4];
        for (int g0 = i0; g0 < i1; g0 += group) {
            int n = Math.min(group, i1 - g0), T = n * tiles;
            for (int i = 0; i < n; i++) {
                int xpOff = i * Hp * Wp * Cp;
                padChannelsLast(xp, xpOff, (g0 + i) * C * H * W);
                for (int t = 0; t < tiles; t++)
                    for (int c = 0; c < Cp; c += L)
                        inputTile(xp, xpOff + ((t / tilesX) * m * Wp + (t % tilesX) * m) * Cp + c, V, (i * tiles + t) * Cp + c, T * Cp, half);
            }
            for (int xi = 0; xi < POSITIONS; xi++)
                KernelsGemm.multiplyInPlace(M, xi * T * Op, Op, V, xi * T * Cp, Cp, U, xi * Cp * Op, Op, 1, T, Op, Cp);
            for (int i = 0; i < n; i++) {
                for (int t = 0; t < tiles; t++)
                    for (int o = 0; o < Op; o += L)
                        outputBlock(M, (i * tiles + t) * Op + o, T * Op, half, blocks, ((t / tilesX) * m * OWp + (t % tilesX) * m) * Op + o);
                unpadChannelsFirst(blocks, (g0 + i) * O * OH * OW);
            }
        }
    }

    /**
     * dst (rows, cols, channelsOut) at dst[dstOff] = the image at src[srcOff] (channels, h, w), channels last, a border
     * of zeros above and left, zeros elsewhere: each pixel's channels gathered L at a time (stride: lane·h·w),
     * a last, partial vector of channels one by one.
     */
    private static void channelsLast(float[] src, int srcOff, int channels, int h, int w, int[] stride,
                                     float[] dst, int dstOff, int rows, int cols, int channelsOut, int border) {
        Arrays.fill(dst, dstOff, dstOff + rows * cols * channelsOut, 0f);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int from = srcOff + y * w + x, to = dstOff + ((y + border) * cols + x + border) * channelsOut, c = 0;
                for (; c + L <= channels; c += L) FloatVector.fromArray(S, src, from + c * h * w, stride, 0).intoArray(dst, to + c);
                for (; c < channels; c++) dst[to + c] = src[from + c * h * w];
            }
    }

    /** xp (Hp, Wp, Cp) = the image at inp[inOff] (C, H, W), channels last, P zeros above and left, zeros elsewhere. */
    private void padChannelsLast(float[] xp, int xpOff, int inOff) {
        channelsLast(inp, inOff, C, H, W, channelStride, xp, xpOff, Hp, Wp, Cp, P);
    }

    /**
     * The image at out[outOff] (O, OH, OW) = bias + the blocks (OHp, OWp, Op), channels first again, the overhang
     * dropped: each output plane gathered L pixels at a time, the last vector ending at the plane's end.
     */
    private void unpadChannelsFirst(float[] blocks, int outOff) {
        int plane = OH * OW;
        for (int o = 0; o < O; o++) {
            FloatVector b = FloatVector.broadcast(S, bias == null ? 0f : bias[o]);
            for (int q = 0; q < plane; q += L) {
                int at = Math.min(q, plane - L);   // the last vector ends at the plane's end, over part of the one before
                FloatVector.fromArray(S, blocks, o, blockOffset, at).add(b).intoArray(out, outOff + o * plane + at);
            }
        }
    }

    /** V[ξ][tile] (L channels) = Bᵀ d B for the tile d whose corner is at xp[d0] (rows Wp·Cp apart, columns Cp); ξ's are vStep apart. */
    private void inputTile(float[] xp, int d0, float[] V, int v0, int vStep, float[] half) {
        for (int j = 0; j < ALPHA; j++) inputTransform(xp, d0 + j * Cp, Wp * Cp, half, j * L, ALPHA * L);   // half = Bᵀ d
        for (int a = 0; a < ALPHA; a++) inputTransform(half, a * ALPHA * L, L, V, v0 + a * ALPHA * vStep, vStep);   // V = half B
    }

    /**
     * y = Bᵀ x for six vectors x_i = src[s + i·ss ...], into dst[d + a·ds ...]:
     * Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1].
     */
    private static void inputTransform(float[] src, int s, int ss, float[] dst, int d, int ds) {
        FloatVector x0 = FloatVector.fromArray(S, src, s), x1 = FloatVector.fromArray(S, src, s + ss),
                x2 = FloatVector.fromArray(S, src, s + 2 * ss), x3 = FloatVector.fromArray(S, src, s + 3 * ss),
                x4 = FloatVector.fromArray(S, src, s + 4 * ss), x5 = FloatVector.fromArray(S, src, s + 5 * ss);
        FloatVector p = x4.sub(x2.mul(4f)), q = x3.sub(x1.mul(4f)), r = x4.sub(x2), t = x3.sub(x1).mul(2f);
        x4.add(x0.mul(4f)).sub(x2.mul(5f)).intoArray(dst, d);
        p.add(q).intoArray(dst, d + ds);
        p.sub(q).intoArray(dst, d + 2 * ds);
        r.add(t).intoArray(dst, d + 3 * ds);
        r.sub(t).intoArray(dst, d + 4 * ds);
        x5.add(x1.mul(4f)).sub(x3.mul(5f)).intoArray(dst, d + 5 * ds);
    }

    /** One block, L output channels: Y = Aᵀ M A from M[ξ] at M[m0 + ξ·mStep ...], into blocks (OHp, OWp, Op) at its corner y0. */
    private void outputBlock(float[] M, int m0, int mStep, float[] half, float[] blocks, int y0) {
        for (int b = 0; b < ALPHA; b++) outputTransform(M, m0 + b * mStep, ALPHA * mStep, half, b * L, ALPHA * L);   // half = Aᵀ M
        for (int i = 0; i < m; i++) outputTransform(half, i * ALPHA * L, L, blocks, y0 + i * OWp * Op, Op);            // Y = half A
    }

    /**
     * y = Aᵀ x for six vectors x_i = src[s + i·ss ...], m results into dst[d + i·ds ...]:
     * m = 4: Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1];  m = 2: Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 1].
     */
    private void outputTransform(float[] src, int s, int ss, float[] dst, int d, int ds) {
        FloatVector x0 = FloatVector.fromArray(S, src, s), x1 = FloatVector.fromArray(S, src, s + ss),
                x2 = FloatVector.fromArray(S, src, s + 2 * ss), x3 = FloatVector.fromArray(S, src, s + 3 * ss),
                x4 = FloatVector.fromArray(S, src, s + 4 * ss), x5 = FloatVector.fromArray(S, src, s + 5 * ss);
        FloatVector sum12 = x1.add(x2), dif12 = x1.sub(x2), sum34 = x3.add(x4), dif34 = x3.sub(x4);
        x0.add(sum12).add(sum34).intoArray(dst, d);
        if (m == 2) {
            dif12.add(dif34.mul(2f)).add(x5).intoArray(dst, d + ds);
            return;
        }
        dif12.add(dif34.mul(2f)).intoArray(dst, d + ds);
        sum12.add(sum34.mul(4f)).intoArray(dst, d + 2 * ds);
        dif12.add(dif34.mul(8f)).add(x5).intoArray(dst, d + 3 * ds);
    }

    /**
     * dw (O, C, K, K) += ∂C/∂w for the images inp (B, C, H, W) and the gradients δ (B, O, OH, OW) of their outputs.
     * Each block's Y = Aᵀ M A with M_ξ = Σ_c U_ξ V_ξ, so per position ξ, dM = A δ_block Aᵀ and dU_ξ(c, o) = Σ_tiles
     * V_ξ(tile, c) dM_ξ(tile, o), a product over the tiles; then, as U = G g Gᵀ, ∂C/∂g = Gᵀ dU G.
     * The cores share the groups of images (as forward: a group's V and dM stay in cache); each group's dU is kept
     * and the groups' dU summed in order, so the numbers do not depend on threads.
     */
    public void addWeightGradient(float[] dw, float[] inp, float[] delta, int batch) {
        int tiles = tilesY * tilesX, size = POSITIONS * Cp * Op;
        groups = Math.ceilDiv(batch, group);
        if (groupDU.length < groups * size) groupDU = new float[groups * size];
        if (dU.length == 0) dU = new float[size];
        this.inp = inp; this.delta = delta; this.dw = dw; this.batchSize = batch;
        long perGroup = (long) group * tiles * (POSITIONS * C * O + Parallel.COPY_COST * POSITIONS * (Cp + Op));
        Parallel.forRange(groups, perGroup, gradientGroups);
        Parallel.forRange(POSITIONS, (long) groups * Cp * Op, sumGroups);
        Parallel.forRange(C, (long) Op * POSITIONS * K * 2, kernelGradients);
        this.inp = this.delta = this.dw = null;
    }

    /** Groups [g0, g1): their tiles' V = Bᵀ d B and dM = A δ Aᵀ, then the group's dU_ξ = V_ξᵀ dM_ξ. */
    private void gradientGroups(int g0, int g1) {
        float[][] s = SCRATCH.get();
        int tiles = tilesY * tilesX;
        grow(s, 0, Hp * Wp * Cp);
        grow(s, 1, POSITIONS * group * tiles * Cp);
        grow(s, 2, POSITIONS * group * tiles * Op);
        grow(s, 3, OHp * OWp * Op);
        float[] xp = s[0], V = s[1], dM = s[2], blocks = s[3], half = s[4];
        for (int g = g0; g < g1; g++) {
            int first = g * group, n = Math.min(group, batchSize - first), T = n * tiles;
            for (int i = 0; i < n; i++) {
                padChannelsLast(xp, 0, (first + i) * C * H * W);
                channelsLast(delta, (first + i) * O * OH * OW, O, OH, OW, deltaStride, blocks, 0, OHp, OWp, Op, 0);
                for (int t = 0; t < tiles; t++) {
                    int y = t / tilesX * m, x = t % tilesX * m;
                    for (int c = 0; c < Cp; c += L) inputTile(xp, (y * Wp + x) * Cp + c, V, (i * tiles + t) * Cp + c, T * Cp, half);
                    for (int o = 0; o < Op; o += L) gradientTile(blocks, (y * OWp + x) * Op + o, dM, (i * tiles + t) * Op + o, T * Op, half);
                }
            }
            int out = g * POSITIONS * Cp * Op;
            for (int xi = 0; xi < POSITIONS; xi++)
                KernelsGemm.multiplyHere(groupDU, out + xi * Cp * Op, Op, V, xi * T * Cp, 1, Cp, dM, xi * T * Op, Op, 1, C, O, T);
        }
    }

    /** dU = the groups' dU added in group order, positions [x0, x1). */
    private void sumGroups(int x0, int x1) {
        int size = POSITIONS * Cp * Op;
        for (int i = x0 * Cp * Op; i < x1 * Cp * Op; i += L) {
            FloatVector sum = FloatVector.fromArray(S, groupDU, i);
            for (int g = 1; g < groups; g++) sum = sum.add(FloatVector.fromArray(S, groupDU, g * size + i));
            sum.intoArray(dU, i);
        }
    }

    /** dw[o][c] += Gᵀ dU[·][c][o] G for channels [c0, c1), L output channels at a time. */
    private void kernelGradients(int c0, int c1) {
        float[] dUG = SCRATCH.get()[4];   // (α, K, L): dU G, and in its last L floats one (ky, kx)'s gradients
        int lanes = (POSITIONS - 1) * L;
        for (int c = c0; c < c1; c++)
            for (int o = 0; o < O; o += L) {
                for (int a = 0; a < ALPHA; a++)
                    for (int kx = 0; kx < K; kx++) {
                        FloatVector t = FloatVector.zero(S);
                        for (int b = 0; b < ALPHA; b++)
                            if (G[b * K + kx] != 0) t = FloatVector.fromArray(S, dU, ((a * ALPHA + b) * Cp + c) * Op + o).fma(FloatVector.broadcast(S, G[b * K + kx]), t);
                        t.intoArray(dUG, (a * K + kx) * L);
                    }
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++) {
                        FloatVector g = FloatVector.zero(S);
                        for (int a = 0; a < ALPHA; a++)
                            if (G[a * K + ky] != 0) g = FloatVector.fromArray(S, dUG, (a * K + kx) * L).fma(FloatVector.broadcast(S, G[a * K + ky]), g);
                        g.intoArray(dUG, lanes);
                        for (int lane = 0; lane < L && o + lane < O; lane++) dw[(((o + lane) * C + c) * K + ky) * K + kx] += dUG[lanes + lane];
                    }
            }
    }

    /** dM[ξ][tile] (L output channels) = A D Aᵀ for the m x m block D of δ at blocks[d0] (rows OWp·Op apart, columns Op); ξ's are mStep apart. */
    private void gradientTile(float[] blocks, int d0, float[] dM, int m0, int mStep, float[] half) {
        for (int j = 0; j < m; j++) outputTransposed(blocks, d0 + j * Op, OWp * Op, half, j * L, m * L);       // half (α, m) = A D
        for (int a = 0; a < ALPHA; a++) outputTransposed(half, a * m * L, L, dM, m0 + a * ALPHA * mStep, mStep);   // dM = half Aᵀ
    }

    /**
     * y = A x for m vectors x_i = src[s + i·ss ...], six results into dst[d + a·ds ...], A the transpose of outputTransform's Aᵀ:
     * m = 4: y = (x0, x0+x1+x2+x3, x0−x1+x2−x3, x0+2x1+4x2+8x3, x0−2x1+4x2−8x3, x3);  m = 2: (x0, x0+x1, x0−x1, x0+2x1, x0−2x1, x1).
     */
    private void outputTransposed(float[] src, int s, int ss, float[] dst, int d, int ds) {
        FloatVector x0 = FloatVector.fromArray(S, src, s), x1 = FloatVector.fromArray(S, src, s + ss);
        FloatVector even = x0, odd = x1, even4 = x0, odd2 = x1.mul(2f), last = x1;
        if (m == 4) {
            FloatVector x2 = FloatVector.fromArray(S, src, s + 2 * ss), x3 = FloatVector.fromArray(S, src, s + 3 * ss);
            even = x0.add(x2); odd = x1.add(x3); even4 = x0.add(x2.mul(4f)); odd2 = odd2.add(x3.mul(8f)); last = x3;
        }
        x0.intoArray(dst, d);
        even.add(odd).intoArray(dst, d + ds);
        even.sub(odd).intoArray(dst, d + 2 * ds);
        even4.add(odd2).intoArray(dst, d + 3 * ds);
        even4.sub(odd2).intoArray(dst, d + 4 * ds);
        last.intoArray(dst, d + 5 * ds);
    }

    /** This thread's buffer i, at least n floats. */
    private static void grow(float[][] s, int i, int n) {
        if (s[i].length < n) s[i] = new float[n];
    }
}
