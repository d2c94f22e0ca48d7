package glassbox.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C += A·B for large products, packed and register-blocked the way BLIS does it (Van Zee and
 * van de Geijn, "BLIS: A Framework for Rapidly Instantiating BLAS Functionality", 2015).
 * A(m, k) = a[aOff + m·aRow + k·aCol], B(k, n) = b[bOff + k·bRow + n·bCol], C(m, n) = c[cOff + m·ldc + n]:
 * strides let one kernel serve all three products of a dense layer, offsets one image of a convolution. B is copied into K-blocks of panels NR = 2 vectors
 * wide, A into panels MR = 4 rows high, and the micro-kernel keeps a 4 x 2-vector tile of C in registers
 * while it sweeps a K-block. Each element of C becomes C + Σ_block (fma chain from zero over the block),
 * blocks in order, whatever the tiling or the thread split, so the numbers do not depend on threads.
 * Only {@link Kernels} calls this; one job object per calling thread, so a call allocates nothing.
 * C1 may compile it (config/jit-directives.json excludes Kernels and Winograd only): kept from C1, its big products ran
 * in the interpreter for minutes before C2 took over, which stalled the first batch of a CNN.
 */
final class KernelsGemm implements Parallel.Range {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 4, NR = 2 * L;
    /** Largest K-block, rows of A per packed block, columns of B per packed block. */
    static final int KC = 384, MC = 96, NC = 1024;

    private static final ThreadLocal<KernelsGemm> JOB = ThreadLocal.withInitial(KernelsGemm::new);
    /** Per thread: packed A, packed B, one tile; grown to the largest product seen, so steady training allocates nothing. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[MR * NR]});

    // the job, set by the calling thread for one product
    private float[] a, b, c, bias;
    private int aOff, aRow, aCol, bOff, bRow, bCol, cOff, ldc, M, N, K;
    private boolean overwrite, splitRows, aInPlace;
    /** Tiles are stored into C rather than added: an overwriting product of one K-block needs no zeroed C first. */
    private boolean storeTiles;
    // or, when cols is set, B is the im2col matrix of the padded image in b (transposed: its transpose)
    private ConvKernels.Geometry cols;
    private boolean colsTransposed;

    private KernelsGemm() {}

    /**
     * C += A·B (or C = bias + A·B when overwrite; bias may be null), M x K times K x N, strides as in
     * the class comment. Splits rows or columns across cores when the product is large.
     */
    static void multiply(float[] c, int ldc, float[] a, int aRow, int aCol, float[] b, int bRow, int bCol,
                         int M, int N, int K, boolean overwrite, float[] bias) {
        multiply(c, 0, ldc, a, 0, aRow, aCol, b, 0, bRow, bCol, M, N, K, overwrite, bias);
    }

    /** As above, with the matrices starting at offsets cOff, aOff and bOff of their arrays. */
    static void multiply(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, int bCol,
                         int M, int N, int K, boolean overwrite, float[] bias) {
        KernelsGemm g = job(c, cOff, ldc, a, aOff, aRow, aCol, b, bOff, bRow, bCol, M, N, K, overwrite, bias);
        g.splitRows = M >= N;
        if (g.splitRows) Parallel.forRange(M, (long) N * K, MR, g);
        else Parallel.forRange(N, (long) M * K, NR, g);
        g.a = g.b = g.c = g.bias = null;
    }

    /**
     * C = A·B on this thread alone, reading A where it is instead of packing it: A's rows run along k (aCol = 1), as
     * in a convolution's kernels or Winograd's tiles, whose short rows sit in cache. Strides as in multiply.
     */
    static void multiplyInPlace(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, float[] b, int bOff, int bRow, int bCol,
                                int M, int N, int K) {
        KernelsGemm g = job(c, cOff, ldc, a, aOff, aRow, 1, b, bOff, bRow, bCol, M, N, K, true, null);
        g.aInPlace = true;
        g.storeTiles = K <= KC;
        g.compute(0, M, 0, N);
        g.storeTiles = false;
        g.a = g.b = g.c = null;
    }

    /** C = A·B on this thread alone, strides as in multiply: for callers that share out whole products themselves. */
    static void multiplyHere(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, int bCol,
                             int M, int N, int K) {
        KernelsGemm g = job(c, cOff, ldc, a, aOff, aRow, aCol, b, bOff, bRow, bCol, M, N, K, true, null);
        g.compute(0, M, 0, N);
        g.a = g.b = g.c = null;
    }

    /** This thread's job object, set for the product C (+)= A·B (A packed unless the caller says otherwise). */
    private static KernelsGemm job(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, int bCol,
                                   int M, int N, int K, boolean overwrite, float[] bias) {
        KernelsGemm g = JOB.get();
        g.c = c; g.cOff = cOff; g.ldc = ldc; g.a = a; g.aOff = aOff; g.aRow = aRow; g.aCol = aCol;
        g.b = b; g.bOff = bOff; g.bRow = bRow; g.bCol = bCol;
        g.M = M; g.N = N; g.K = K; g.overwrite = overwrite; g.bias = bias;
        g.cols = null;
        g.aInPlace = false;
        return g;
    }

    /**
     * C += A·B (C = A·B when overwrite), where B is the im2col matrix cols (taps x pixels) of a padded image xp
     * ({@link ConvKernels.Geometry#pad}), or colsᵀ when transposed, read from xp while packing (never written out).
     * M x K times K x N with K, N = taps, pixels (or pixels, taps). Splits across cores like multiply.
     */
    static void multiplyCols(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol,
                             ConvKernels.Geometry cols, float[] xp, boolean transposed, int M, boolean overwrite) {
        KernelsGemm g = colsJob(c, cOff, ldc, a, aOff, aRow, aCol, cols, xp, transposed, M, overwrite);
        if (g.splitRows) Parallel.forRange(M, (long) g.N * g.K, MR, g);
        else Parallel.forRange(g.N, (long) M * g.K, NR, g);
        g.a = g.b = g.c = null;
        g.cols = null;
    }

    /** The K-block of a product with inner size K: equal blocks of at most KC, so the edges depend on K only. */
    private static int kBlock(int K) {
        int kBlocks = Math.max(1, (K + KC - 1) / KC);
        return Math.max(1, (K + kBlocks - 1) / kBlocks);
    }

    /** As multiplyCols, only the block C[m0, m1) x [n0, n1), on this thread: for callers that share out the work themselves. */
    static void multiplyColsBlock(int m0, int m1, int n0, int n1, float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol,
                                  ConvKernels.Geometry cols, float[] xp, boolean transposed, int M, boolean overwrite) {
        KernelsGemm g = colsJob(c, cOff, ldc, a, aOff, aRow, aCol, cols, xp, transposed, M, overwrite);
        g.compute(m0, m1, n0, n1);
        g.a = g.b = g.c = null;
        g.cols = null;
    }

    private static KernelsGemm colsJob(float[] c, int cOff, int ldc, float[] a, int aOff, int aRow, int aCol,
                                       ConvKernels.Geometry cols, float[] xp, boolean transposed, int M, boolean overwrite) {
        KernelsGemm g = JOB.get();
        g.c = c; g.cOff = cOff; g.ldc = ldc; g.a = a; g.aOff = aOff; g.aRow = aRow; g.aCol = aCol;
        g.cols = cols; g.b = xp; g.bOff = 0; g.colsTransposed = transposed;
        g.M = M; g.K = transposed ? cols.pixels() : cols.taps(); g.N = transposed ? cols.taps() : cols.pixels();
        g.overwrite = overwrite; g.bias = null;
        g.aInPlace = true;
        g.splitRows = M >= g.N;
        return g;
    }

    @Override public void run(int from, int to) {
        if (splitRows) compute(from, to, 0, N);
        else compute(0, M, from, to);
    }

    /** The block C[m0, m1) x [n0, n1). */
    private void compute(int m0, int m1, int n0, int n1) {
        int kc = kBlock(K);
        float[][] scratch = SCRATCH.get();
        int aSize = kc * roundUp(Math.min(MC, m1 - m0), MR), bSize = kc * roundUp(Math.min(NC, n1 - n0), NR) + NR;   // + NR: packCols' last copy may run past
        if (scratch[0].length < aSize) scratch[0] = new float[aSize];
        if (scratch[1].length < bSize) scratch[1] = new float[bSize];
        float[] ap = scratch[0], bp = scratch[1], tile = scratch[2];
        if (overwrite && !storeTiles)
            for (int m = m0; m < m1; m++)
                if (bias == null) java.util.Arrays.fill(c, cOff + m * ldc + n0, cOff + m * ldc + n1, 0f);
                else System.arraycopy(bias, n0, c, cOff + m * ldc + n0, n1 - n0);
        if (K == 0) return;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < K; pc += kc) {
                int kn = Math.min(kc, K - pc);
                packB(bp, pc, kn, jc, nc);
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    // A's panels packed here, or, for the convolution's products, read where they are (A's rows run along k)
                    boolean direct = aInPlace && aCol == 1 && mc % MR == 0;
                    float[] aBlock = direct ? a : ap;
                    int aBase = direct ? aOff + ic * aRow + pc : 0;
                    int rowStep = direct ? aRow : 1, kStep = direct ? 1 : MR, panelStep = direct ? MR * aRow : MR * kn;
                    if (!direct) packA(ap, ic, mc, pc, kn);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int w = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int h = Math.min(MR, mc - ir), ao = aBase + ir / MR * panelStep;
                            if (w > L) tile2(kn, aBlock, ao, rowStep, kStep, bp, jr * kn, ic + ir, jc + jr, h, w, tile);
                            else tile1(kn, aBlock, ao, rowStep, kStep, bp, jr * kn, ic + ir, jc + jr, h, w, tile);
                        }
                    }
                }
            }
        }
    }

    static int roundUp(int n, int m) { return (n + m - 1) / m * m; }

    /** A's rows [ic, ic+mc) and columns [pc, pc+kn) into panels of MR rows: ap[panel·kn·MR + k·MR + r], zero-padded. */
    private void packA(float[] ap, int ic, int mc, int pc, int kn) {
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kn, h = Math.min(MR, mc - ir);
            if (aCol == 1) {
                for (int r = 0; r < MR; r++) {
                    if (r < h) {
                        int src = aOff + (ic + ir + r) * aRow + pc;
                        for (int k = 0; k < kn; k++) ap[base + k * MR + r] = a[src + k];
                    } else {
                        for (int k = 0; k < kn; k++) ap[base + k * MR + r] = 0f;
                    }
                }
            } else {
                for (int k = 0; k < kn; k++) {
                    int src = aOff + (ic + ir) * aRow + (pc + k) * aCol, dst = base + k * MR;
                    for (int r = 0; r < MR; r++) ap[dst + r] = r < h ? a[src + r * aRow] : 0f;
                }
            }
        }
    }

    /** B's rows [pc, pc+kn) and columns [jc, jc+nc) into panels NR wide (the last may be L wide), zero-padded. */
    private void packB(float[] bp, int pc, int kn, int jc, int nc) {
        if (cols != null) { packCols(bp, pc, kn, jc, nc); return; }
        for (int jr = 0; jr < nc; jr += NR) {
            int pw = nc - jr > L ? NR : L, w = Math.min(pw, nc - jr), base = jr * kn;
            if (bCol == 1) {
                for (int k = 0; k < kn; k++) {
                    int src = bOff + (pc + k) * bRow + jc + jr, dst = base + k * pw;
                    if (w == pw) {
                        for (int v = 0; v < pw; v += L) FloatVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                    } else {
                        for (int n = 0; n < w; n++) bp[dst + n] = b[src + n];
                        for (int n = w; n < pw; n++) bp[dst + n] = 0f;
                    }
                }
            } else {
                for (int n = 0; n < pw; n++) {
                    if (n < w) {
                        int src = bOff + pc * bRow + (jc + jr + n) * bCol;
                        for (int k = 0; k < kn; k++) bp[base + k * pw + n] = b[src + k * bRow];
                    } else {
                        for (int k = 0; k < kn; k++) bp[base + k * pw + n] = 0f;
                    }
                }
            }
        }
    }

    /** packB when B is cols (or colsᵀ): the panel's pieces of the im2col matrix, read from the padded image in b. */
    private void packCols(float[] bp, int pc, int kn, int jc, int nc) {
        int[] taps = cols.tapOffset, pixels = cols.pixelOffset;
        for (int jr = 0; jr < nc; jr += NR) {
            int pw = nc - jr > L ? NR : L, w = Math.min(pw, nc - jr), base = jr * kn;
            if (colsTransposed) {            // B(k, n) = cols(jc + jr + n, pc + k): for each pixel, a gather of the panel's taps
                for (int k = 0; k < kn; k++)   // (tapOffset runs on to a whole panel, so lanes past the last tap read harmless values)
                    for (int v = 0, q = pixels[pc + k], row = base + k * pw; v < pw; v += L)
                        FloatVector.fromArray(S, b, q, taps, jc + jr + v).intoArray(bp, row + v);
            } else if (cols.S == 1) {        // B(k, n) = cols(pc + k, jc + jr + n): each row a few runs of the padded image
                int[] source = cols.copySource[(jc + jr) / NR], target = cols.copyTarget[(jc + jr) / NR];
                for (int k = 0; k < kn; k++)
                    for (int v = 0, t = taps[pc + k], row = base + k * pw; v < source.length; v++)
                        FloatVector.fromArray(S, b, t + source[v]).intoArray(bp, row + target[v]);
            } else {
                for (int k = 0; k < kn; k++)
                    for (int n = 0, t = taps[pc + k], row = base + k * pw; n < pw; n++) bp[row + n] = n < w ? b[t + pixels[jc + jr + n]] : 0f;
            }
        }
    }

    /**
     * C[row0.., col0..] += one MR x 2-vector tile over kn steps; h rows and w columns of it are real. A's value
     * for row r and step k is ap[ao + r·rowStep + k·kStep]: a packed panel (1, MR) or A's own rows (aRow, 1).
     */
    private void tile2(int kn, float[] ap, int ao, int rowStep, int kStep, float[] bp, int bo, int row0, int col0, int h, int w, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int k = 0; k < kn; k++) {
            int pb = bo + k * NR, pa = ao + k * kStep;
            FloatVector b0 = FloatVector.fromArray(S, bp, pb), b1 = FloatVector.fromArray(S, bp, pb + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[pa]), a1 = FloatVector.broadcast(S, ap[pa + rowStep]);
            FloatVector a2 = FloatVector.broadcast(S, ap[pa + 2 * rowStep]), a3 = FloatVector.broadcast(S, ap[pa + 3 * rowStep]);
            c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01);
            c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11);
            c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21);
            c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31);
        }
        if (h == MR && w == NR && storeTiles) {
            int p0 = cOff + row0 * ldc + col0, p1 = p0 + ldc, p2 = p1 + ldc, p3 = p2 + ldc;
            c00.intoArray(c, p0); c01.intoArray(c, p0 + L); c10.intoArray(c, p1); c11.intoArray(c, p1 + L);
            c20.intoArray(c, p2); c21.intoArray(c, p2 + L); c30.intoArray(c, p3); c31.intoArray(c, p3 + L);
            return;
        }
        if (h == MR && w == NR) {
            int p0 = cOff + row0 * ldc + col0, p1 = p0 + ldc, p2 = p1 + ldc, p3 = p2 + ldc;
            FloatVector.fromArray(S, c, p0).add(c00).intoArray(c, p0); FloatVector.fromArray(S, c, p0 + L).add(c01).intoArray(c, p0 + L);
            FloatVector.fromArray(S, c, p1).add(c10).intoArray(c, p1); FloatVector.fromArray(S, c, p1 + L).add(c11).intoArray(c, p1 + L);
            FloatVector.fromArray(S, c, p2).add(c20).intoArray(c, p2); FloatVector.fromArray(S, c, p2 + L).add(c21).intoArray(c, p2 + L);
            FloatVector.fromArray(S, c, p3).add(c30).intoArray(c, p3); FloatVector.fromArray(S, c, p3 + L).add(c31).intoArray(c, p3 + L);
            return;
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + L);
        addTile(tile, row0, col0, h, w);
    }

    /** As tile2, one vector wide (the last, narrow panel). */
    private void tile1(int kn, float[] ap, int ao, int rowStep, int kStep, float[] bp, int bo, int row0, int col0, int h, int w, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int k = 0; k < kn; k++) {
            int pa = ao + k * kStep;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + k * L);
            c0 = b0.fma(FloatVector.broadcast(S, ap[pa]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, ap[pa + rowStep]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, ap[pa + 2 * rowStep]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, ap[pa + 3 * rowStep]), c3);
        }
        if (h == MR && w == L && storeTiles) {
            int p0 = cOff + row0 * ldc + col0;
            c0.intoArray(c, p0); c1.intoArray(c, p0 + ldc); c2.intoArray(c, p0 + 2 * ldc); c3.intoArray(c, p0 + 3 * ldc);
            return;
        }
        if (h == MR && w == L) {
            int p0 = cOff + row0 * ldc + col0, p1 = p0 + ldc, p2 = p1 + ldc, p3 = p2 + ldc;
            FloatVector.fromArray(S, c, p0).add(c0).intoArray(c, p0);
            FloatVector.fromArray(S, c, p1).add(c1).intoArray(c, p1);
            FloatVector.fromArray(S, c, p2).add(c2).intoArray(c, p2);
            FloatVector.fromArray(S, c, p3).add(c3).intoArray(c, p3);
            return;
        }
        c0.intoArray(tile, 0); c1.intoArray(tile, NR); c2.intoArray(tile, 2 * NR); c3.intoArray(tile, 3 * NR);
        addTile(tile, row0, col0, h, w);
    }

    /** The real h x w corner of a tile (rows NR apart) added into C. */
    private void addTile(float[] tile, int row0, int col0, int h, int w) {
        for (int r = 0; r < h; r++) {
            int p = cOff + (row0 + r) * ldc + col0;
            for (int n = 0; n < w; n++) c[p + n] = storeTiles ? tile[r * NR + n] : c[p + n] + tile[r * NR + n];
        }
    }
}
