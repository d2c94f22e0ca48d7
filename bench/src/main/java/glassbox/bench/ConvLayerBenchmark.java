package glassbox.bench;

import glassbox.engine.Activation;
import glassbox.engine.BatchNorm;
import glassbox.engine.Conv2d;
import glassbox.engine.Initializer;
import glassbox.engine.Layer;
import glassbox.engine.Pool;
import glassbox.engine.Shape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.Random;

/**
 * The convolutional layers' kernels on a batch of 64, forward and backward, at the shapes of the bench's two
 * CNNs: the convolutions (products reading cols from the padded image, the input gradient as the convolution
 * of δ with the turned kernels, the weight gradient over δ·colsᵀ), 2x2 max pooling and batch norm with ReLU.
 * GFLOP/s of a convolution = 2·64·O·CKK·OH·OW / time forward (twice that backward, once without dC/dx for
 * the first layer). Run with {@code -prof gc}: gc.alloc.rate.norm is the bytes a call allocates (0 expected).
 */
public class ConvLayerBenchmark extends BenchmarkSettings {
    /** layer@input: conv KxKxO[pP] (case d's two convolutions, case e's three), maxpool2, bn (with ReLU). */
    @Param({"conv5x5x32p2@1x28x28", "conv5x5x64p2@32x14x14", "conv5x5x32p0@1x28x28", "conv3x3x64p0@32x12x12",
            "conv3x3x64p0@64x10x10", "maxpool2@32x28x28", "bn@32x24x24"})
    public String layer;

    static final int BATCH = 64;
    Layer l;
    float[] x, dA, dX;

    @Setup(Level.Trial) public void setUp() {
        String[] parts = layer.split("@"), dims = parts[1].split("x");
        Shape in = new Shape(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]));
        String spec = parts[0];
        if (spec.startsWith("conv")) {
            String[] k = spec.substring(4).split("x|p");
            l = new Conv2d(in, Integer.parseInt(k[2]), Integer.parseInt(k[0]), 1, Integer.parseInt(k[3]), new Activation.Relu(), "conv");
        } else if (spec.equals("maxpool2")) {
            l = new Pool(Pool.Kind.MAX, in, 2, 2);
        } else {
            l = new BatchNorm(in, new Activation.Relu(), "bn");
        }
        Random r = new Random(1);
        l.initialize(Initializer.HE, r);
        l.allocate(BATCH);
        x = new float[BATCH * in.size()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < 0.5f ? 0f : r.nextFloat();
        dA = new float[BATCH * l.outputShape().size()];
        for (int i = 0; i < dA.length; i++) dA[i] = (float) r.nextGaussian();
        dX = in.channels() == 1 ? null : new float[x.length];   // a first layer passes no gradient on
    }

    @Benchmark public float[] forward() {
        l.forward(x, BATCH, true);
        return l.output();
    }

    @Benchmark public float[] forwardAndBackward() {
        l.forward(x, BATCH, true);
        l.backward(x, dA, dX, BATCH);
        return dX;
    }
}
