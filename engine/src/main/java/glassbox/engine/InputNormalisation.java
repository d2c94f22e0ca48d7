package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * A first layer that redraws each one-channel image in a standard form before the network sees it,
 * as the MNIST papers prepared their inputs ({@link Deskew}, {@link NormaliseWidth}). It has no
 * weights and passes no gradient back, so it comes first only.
 */
public abstract sealed class InputNormalisation implements Layer permits Deskew, NormaliseWidth {
    public final Shape shape;
    private float[] a = new float[0];

    InputNormalisation(Shape shape, String what) {
        if (shape.channels() != 1 || shape.height() < 2 || shape.width() < 2)
            throw new BadInputException(what + " one-channel images, not inputs of shape " + shape + ".");
        this.shape = shape;
    }

    /** Redraws one image, at offset off of in, into out at the same offset. */
    abstract void normalise(float[] in, float[] out, int off, int h, int w);

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override public void allocate(int maxBatch) {
        if (a.length < maxBatch * shape.size()) a = new float[maxBatch * shape.size()];
    }

    @Override public void forward(float[] input, int batch, boolean training) {
        allocate(batch);
        for (int b = 0; b < batch; b++) normalise(input, a, b * shape.size(), shape.height(), shape.width());
    }

    /** The image at (y, x) between pixel centres; 0 outside. */
    static float bilinear(float[] in, int off, int h, int w, double y, double x) {
        int y0 = (int) Math.floor(y), x0 = (int) Math.floor(x);
        double fy = y - y0, fx = x - x0, v = 0;
        for (int dy = 0; dy <= 1; dy++)
            for (int dx = 0; dx <= 1; dx++) {
                int yy = y0 + dy, xx = x0 + dx;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                v += (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx) * in[off + yy * w + xx];
            }
        return (float) v;
    }

    @Override public float[] output() { return a; }

    @Override public void backward(float[] input, float[] dOutput, float[] dInput, int batch) {
        if (dInput != null) throw new IllegalStateException(spec() + " passes no gradient back; it must be the first layer.");
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public void initialize(Initializer init, Random random) {}

    @Override public String toString() { return spec() + " " + shape; }
}
