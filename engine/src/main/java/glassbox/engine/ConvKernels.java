package glassbox.engine;

/**
 * The loops that turn convolution and pooling into work for {@link Kernels}: im2col lays each
 * receptive field out as one row, so a convolution becomes the matrix product cols · wᵀ that
 * {@link Kernels#matmulForward} already does fast; col2im adds the rows' gradients back onto the image.
 * Plain loops, one job each, like llm.c. Images are (C, H, W) row-major; a batch holds them back to back.
 * B = images, C = channels in, H/W = height/width in, K = kernel size, S = stride, P = padding,
 * OH/OW = height/width out, CKK = C*K*K (one row of cols).
 */
public final class ConvKernels {
    private ConvKernels() {}

    /** The output size of a K-wide window sliding with stride S over N values padded by P on both sides. */
    public static int outputSize(int N, int K, int S, int P) { return (N + 2 * P - K) / S + 1; }

    // ---- convolution as a matrix product ----

    /**
     * cols (B*OH*OW, CKK): row (b, oy, ox) holds image b's receptive field at (oy, ox), column c*K*K + ky*K + kx,
     * zero where the field hangs over the padding.   inp (B0 + B, C, H, W) read from image B0 on; cols written from index off.
     */
    public static void im2col(float[] cols, int off, float[] inp, int B0, int B, int C, int H, int W, int K, int S, int P, int OH, int OW) {
        int ckk = C * K * K;
        for (int b = 0; b < B; b++) {
            int img = (B0 + b) * C * H * W;
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OW; ox++) {
                    int row = off + ((b * OH + oy) * OW + ox) * ckk, col = 0;
                    for (int c = 0; c < C; c++) {
                        int plane = img + c * H * W;
                        for (int ky = 0; ky < K; ky++) {
                            int y = oy * S - P + ky;
                            if (y < 0 || y >= H) { for (int kx = 0; kx < K; kx++) cols[row + col++] = 0f; continue; }
                            int line = plane + y * W;
                            for (int kx = 0; kx < K; kx++) {
                                int x = ox * S - P + kx;
                                cols[row + col++] = x >= 0 && x < W ? inp[line + x] : 0f;
                            }
                        }
                    }
                }
        }
    }

    /** dinp += the rows of dcols (read from index off) added back where im2col took them from.   Shapes as in im2col. */
    public static void col2im(float[] dinp, float[] dcols, int off, int B0, int B, int C, int H, int W, int K, int S, int P, int OH, int OW) {
        int ckk = C * K * K;
        for (int b = 0; b < B; b++) {
            int img = (B0 + b) * C * H * W;
            for (int oy = 0; oy < OH; oy++)
                for (int ox = 0; ox < OW; ox++) {
                    int row = off + ((b * OH + oy) * OW + ox) * ckk, col = 0;
                    for (int c = 0; c < C; c++) {
                        int plane = img + c * H * W;
                        for (int ky = 0; ky < K; ky++) {
                            int y = oy * S - P + ky;
                            if (y < 0 || y >= H) { col += K; continue; }
                            int line = plane + y * W;
                            for (int kx = 0; kx < K; kx++, col++) {
                                int x = ox * S - P + kx;
                                if (x >= 0 && x < W) dinp[line + x] += dcols[row + col];
                            }
                        }
                    }
                }
        }
    }

    /** out (B0 + B, O, N) from image B0 on  ←  rows (B*N, O): the product's pixel-major rows back to channel planes. */
    public static void rowsToPlanes(float[] out, float[] rows, int B0, int B, int N, int O) {
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++) {
                int dst = ((B0 + b) * O + o) * N, src = b * N * O + o;
                for (int n = 0; n < N; n++) out[dst + n] = rows[src + n * O];
            }
    }

    /** rows (B*N, O)  ←  planes (B0 + B, O, N) from image B0 on: the inverse of rowsToPlanes. */
    public static void planesToRows(float[] rows, float[] planes, int B0, int B, int N, int O) {
        for (int b = 0; b < B; b++)
            for (int o = 0; o < O; o++) {
                int src = ((B0 + b) * O + o) * N, dst = b * N * O + o;
                for (int n = 0; n < N; n++) rows[dst + n * O] = planes[src + n];
            }
    }

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

    // ---- pooling: a K x K window moved by S, per channel.   inp (B, C, H, W), out (B, C, OH, OW) ----

    /** out = the largest value in each window; argmax remembers where it was (an index into inp) for backward. */
    public static void maxPoolForward(float[] out, int[] argmax, float[] inp, int B, int C, int H, int W, int K, int S, int OH, int OW) {
        for (int plane = 0; plane < B * C; plane++) {
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

    /** dinp = 0 except at each window's maximum, which receives the window's dout (added, windows may overlap). */
    public static void maxPoolBackward(float[] dinp, float[] dout, int[] argmax, int B, int C, int H, int W, int OH, int OW) {
        java.util.Arrays.fill(dinp, 0, B * C * H * W, 0f);
        for (int o = 0, n = B * C * OH * OW; o < n; o++) dinp[argmax[o]] += dout[o];
    }

    /** out = the mean of each window. */
    public static void avgPoolForward(float[] out, float[] inp, int B, int C, int H, int W, int K, int S, int OH, int OW) {
        float scale = 1f / (K * K);
        for (int plane = 0; plane < B * C; plane++) {
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
    public static void avgPoolBackward(float[] dinp, float[] dout, int B, int C, int H, int W, int K, int S, int OH, int OW) {
        java.util.Arrays.fill(dinp, 0, B * C * H * W, 0f);
        float scale = 1f / (K * K);
        for (int plane = 0; plane < B * C; plane++) {
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
