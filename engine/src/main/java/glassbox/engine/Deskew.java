package glassbox.engine;

/**
 * Straightens each image before the network sees it, as LeCun et al. did for MNIST ("deskewing"):
 * the ink's centre of mass moves to the middle, and the shear that makes a slanted digit's x depend on
 * its y is undone. With the ink's moments (my, mx) and skew s = cov(x, y) / var(y), output pixel (r, c)
 * reads the input at (r + my - h/2, c + mx - w/2 + s·(r - h/2)), between pixels bilinearly.
 */
public final class Deskew extends InputNormalisation {
    /** The strongest shear undone, one pixel across per pixel down (45°): a flat stroke has var(y) near 0. */
    static final float MAX_SKEW = 1f;

    public Deskew(Shape shape) { super(shape, "deskew straightens"); }

    @Override void normalise(float[] in, float[] out, int off, int h, int w) { deskew(in, out, off, h, w); }

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

    @Override public String spec() { return "deskew"; }
}
