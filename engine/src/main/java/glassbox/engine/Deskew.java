package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * Straightens each image before the network sees it, as LeCun et al. did for MNIST ("deskewing"):
 * the ink's centre of mass moves to the middle, and the shear that makes a slanted digit's x depend on
 * its y is undone. With the ink's moments (my, mx) and skew s = cov(x, y) / var(y), output pixel (r, c)
 * reads the input at (r + my - h/2, c + mx - w/2 + s·(r - h/2)), between pixels bilinearly.
 * No weights; it comes first only, as it prepares the input and passes no gradient back.
 */
public final class Deskew implements Layer {
    /** The strongest shear undone, one pixel across per pixel down (45°): a flat stroke has var(y) near 0. */
    static final float MAX_SKEW = 1f;

    public final Shape shape;
    private float[] a = new float[0];

    public Deskew(Shape shape) {
        if (shape.channels() != 1 || shape.height() < 2 || shape.width() < 2)
            throw new BadInputException("deskew straightens one-channel images, not inputs of shape " + shape + ".");
        this.shape = shape;
    }

    @Override public Shape inputShape() { return shape; }

    @Override public Shape outputShape() { return shape; }

    @Override public void allocate(int maxBatch) {
        if (a.length < maxBatch * shape.size()) a = new float[maxBatch * shape.size()];
    }

    @Override public void forward(float[] input, int batch, boolean training) {
        allocate(batch);
        for (int b = 0; b < batch; b++) deskew(input, a, b * shape.size(), shape.height(), shape.width());
    }

    /** One image at offset off of in, straightened into out at the same offset. */
    static void deskew(float[] in, float[] out, int off, int h, int w) {
        double total = 0, my = 0, mx = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float p = in[off + y * w + x];
                total += p; my += y * p; mx += x * p;
            }
        if (total <= 0) { System.arraycopy(in, off, out, off, h * w); return; }
        my /= total; mx /= total;
        double varY = 0, covXY = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float p = in[off + y * w + x];
                varY += (y - my) * (y - my) * p; covXY += (x - mx) * (y - my) * p;
            }
        double skew = varY > 0 ? Math.clamp(covXY / varY, -MAX_SKEW, MAX_SKEW) : 0;
        for (int r = 0; r < h; r++) {
            double sy = r + my - h / 2.0, shift = mx - w / 2.0 + skew * (r - h / 2.0);
            for (int c = 0; c < w; c++) out[off + r * w + c] = bilinear(in, off, h, w, sy, c + shift);
        }
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
        if (dInput != null) throw new IllegalStateException("deskew passes no gradient back; it must be the first layer.");
    }

    @Override public List<Param> params() { return List.of(); }

    @Override public String spec() { return "deskew"; }

    @Override public void initialize(Initializer init, Random random) {}

    @Override public String toString() { return "deskew " + shape; }
}
