package glassbox.engine;

/**
 * Stretches or squeezes each digit sideways until its ink is {@code width} pixels wide, centred, as
 * Ciresan et al. (2012) prepared MNIST for the columns of their committee: each width gives the nets
 * a different view of the same digits, so they make different mistakes. Rows stay where they are.
 * The ink's box is the span of columns holding a pixel at least half dark; output column c reads the
 * input at x = centre + (c - (w-1)/2) / scale, scale = width / box. Squeezed, each output pixel averages
 * the input across its whole footprint, so thin strokes are not skipped.
 */
public final class NormaliseWidth extends InputNormalisation {
    /** A pixel this dark or darker is ink for the box; fainter ones are the pen's blurred edge. */
    static final float INK = 0.5f;

    public final int width;

    public NormaliseWidth(Shape shape, int width) {
        super(shape, "width" + width + " resizes");
        if (width < 1 || width > shape.width())
            throw new BadInputException("width" + width + " needs a width from 1 to the image's " + shape.width() + " pixels.");
        this.width = width;
    }

    @Override void normalise(float[] in, float[] out, int off, int h, int w) {
        int left = w, right = -1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (in[off + y * w + x] >= INK) { left = Math.min(left, x); right = Math.max(right, x); }
        if (right < 0) { System.arraycopy(in, off, out, off, h * w); return; }
        double scale = (double) width / (right - left + 1), centre = (left + right) / 2.0;
        int samples = (int) Math.ceil(1 / scale);   // per output pixel: enough to cover its footprint when squeezing
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) {
                double x = centre + (c - (w - 1) / 2.0) / scale, v = 0;
                for (int k = 0; k < samples; k++) v += bilinear(in, off, h, w, r, x + ((k + 0.5) / samples - 0.5) / scale);
                out[off + r * w + c] = (float) (v / samples);
            }
    }

    @Override public String spec() { return "width" + width; }
}
