package glassbox.bench;

import glassbox.engine.Kernels;
import glassbox.engine.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Random;

/**
 * The dense layer's products, B x I times I x O: out = inp · wᵀ + bias (forward) and dw += doutᵀ · inp,
 * dinp += dout · w (backward). GFLOP/s = 2·B·I·O / time for forward, twice that for backward.
 * Shapes: 512³, the whole MNIST training set through a 100-neuron layer, a batch-10 and a batch-100 step
 * of the seeds' first layer. C1 is kept off the kernels as in the product (run from the repository root: the directives file is relative).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=config/jit-directives.json", "-XX:CompileThresholdScaling=0.05", "-Xmx4g"})
public class GemmBenchmark extends BenchmarkSettings {   // its own fork: -Xmx4g for the 60000-row product
    @Param({"512x512x512", "60000x784x100", "10x784x16", "100x784x16"}) public String shape;   // B x I x O
    @Param({"2", "1"}) public int threads;

    int B, I, O;
    float[] inp, w, bias, out, dout, dinp, dw, dbias;

    @Setup(Level.Trial) public void setUp() {
        String[] p = shape.split("x");
        B = Integer.parseInt(p[0]); I = Integer.parseInt(p[1]); O = Integer.parseInt(p[2]);
        Random r = new Random(1);
        inp = fill(B * I, r); w = fill(O * I, r); bias = fill(O, r); dout = fill(B * O, r);
        out = new float[B * O]; dinp = new float[B * I]; dw = new float[O * I]; dbias = new float[O];
        Parallel.useThreads(threads);
    }

    static float[] fill(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f;
        return a;
    }

    @Benchmark public float[] forward() {
        Kernels.matmulForward(out, inp, w, bias, B, I, O);
        return out;
    }

    @Benchmark public float[] backward() {
        Kernels.matmulBackward(dinp, dw, dbias, dout, inp, w, B, I, O);
        return dw;
    }
}
