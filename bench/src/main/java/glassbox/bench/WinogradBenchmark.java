package glassbox.bench;

import glassbox.engine.Winograd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Random;

/**
 * Winograd's convolution alone on a batch of 64, at the bench CNNs' stride-1 convolutions that use it, forward
 * and as the input gradient (δ convolved with the turned kernels): {@code convolve} (tiles in, α² products,
 * blocks out), {@code makeKernels} (U = G g Gᵀ, once per step and convolution in training) and {@code weightGradient}
 * (the forward convolution's ∂C/∂w; on the shapes of input gradients it times one of that size).
 * Shape C x H x W -> O, K x K, border P. Direct-product GFLOP/s equivalent = 2·64·O·C·K·K·OH·OW / time.
 */
public class WinogradBenchmark extends BenchmarkSettings {
    /** C x H x W -> O, kernel K, border P: case d's second convolution and its input gradient, case e's two 3x3 and theirs. */
    @Param({"32x14x14-64k5p2", "64x14x14-32k5p2", "32x12x12-64k3p0", "64x10x10-32k3p2", "64x10x10-64k3p0", "64x8x8-64k3p2"})
    public String shape;

    static final int BATCH = 64;
    Winograd winograd;
    float[] x, out, bias, w, otherW, dw;
    boolean flip;

    @Setup(Level.Trial) public void setUp() {
        String[] s = shape.split("x|-|k|p");
        int C = Integer.parseInt(s[0]), H = Integer.parseInt(s[1]), W = Integer.parseInt(s[2]), O = Integer.parseInt(s[3]),
                K = Integer.parseInt(s[4]), P = Integer.parseInt(s[5]);
        winograd = new Winograd(C, H, W, O, K, P);
        Random r = new Random(1);
        x = new float[BATCH * C * H * W];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < 0.5f ? 0f : r.nextFloat();
        w = new float[O * C * K * K];
        otherW = new float[w.length];
        for (int i = 0; i < w.length; i++) { w[i] = (float) r.nextGaussian() * 0.1f; otherW[i] = (float) r.nextGaussian() * 0.1f; }
        bias = new float[O];
        out = new float[BATCH * O * winograd.OH * winograd.OW];
        winograd.useKernels(w);
        dw = new float[w.length];
    }

    @Benchmark public float[] convolve() {
        winograd.convolve(out, x, bias, BATCH);
        return out;
    }

    /** ∂C/∂w added into dw, with out standing in for δ. */
    @Benchmark public float[] weightGradient() {
        winograd.addWeightGradient(dw, x, out, BATCH);
        return dw;
    }

    /** The kernels change every call (as in training), so U is made every time. */
    @Benchmark public Winograd makeKernels() {
        flip = !flip;
        winograd.useKernels(flip ? otherW : w);
        return winograd;
    }
}
