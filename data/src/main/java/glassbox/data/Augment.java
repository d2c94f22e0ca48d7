package glassbox.data;

import glassbox.engine.Augmenter;
import glassbox.engine.BadInputException;
import glassbox.engine.Shape;

import java.util.Random;

/**
 * Distorts each training image of a batch in place, freshly every time it is seen, so the network
 * learns that a digit moved, turned, resized or wobbled is still the same digit (the data set itself is
 * never copied). Each image gets its own random draw:
 * <ul>
 *   <li>a shift of up to {@code shift} pixels in x and in y,</li>
 *   <li>a rotation of up to {@code rotate} degrees either way,</li>
 *   <li>a scaling by a factor in [1 − {@code scale}, 1 + {@code scale}],</li>
 *   <li>an elastic distortion (Simard, Steinkraus and Platt 2003, "Best practices for convolutional neural
 *       networks applied to visual document analysis"): a random displacement in [−1, 1] for every pixel,
 *       smoothed by a Gaussian of width σ = {@code elasticSigma} and scaled by α = {@code elasticAlpha}.</li>
 * </ul>
 * Pixel p of the new image reads the old image, bilinearly, at c + R(−θ)(p − c − t)/s + α·(G_σ ∗ noise)(p),
 * c the centre; outside the image is 0 (the paper's background). Not thread-safe: it keeps scratch buffers.
 */
public final class Augment implements Augmenter {
    public final float shift, rotate, scale, elasticAlpha, elasticSigma;
    private float[] source = new float[0], fieldX = new float[0], fieldY = new float[0], tmp = new float[0], gauss = new float[0];

    public Augment(float shift, float rotate, float scale, float elasticAlpha, float elasticSigma) {
        if (!(shift >= 0 && shift <= 100)) throw new BadInputException("the shift must be from 0 to 100 pixels, not " + shift + ".");
        if (!(rotate >= 0 && rotate <= 180)) throw new BadInputException("the rotation must be from 0 to 180 degrees, not " + rotate + ".");
        if (!(scale >= 0 && scale < 1)) throw new BadInputException("the scaling must be in [0, 1) (0.1 means ±10%), not " + scale + ".");
        if (!(elasticAlpha >= 0 && elasticAlpha <= 1000)) throw new BadInputException("the elastic strength α must be from 0 to 1000, not " + elasticAlpha + ".");
        if (elasticAlpha > 0 && !(elasticSigma >= 0.5f && elasticSigma <= 50))
            throw new BadInputException("the elastic smoothing σ must be from 0.5 to 50 pixels, not " + elasticSigma + ".");
        this.shift = shift;
        this.rotate = rotate;
        this.scale = scale;
        this.elasticAlpha = elasticAlpha;
        this.elasticSigma = elasticSigma;
        if (elasticAlpha > 0) {
            int radius = (int) Math.ceil(3 * elasticSigma);
            gauss = new float[2 * radius + 1];
            float sum = 0;
            for (int i = -radius; i <= radius; i++) sum += gauss[i + radius] = (float) Math.exp(-i * i / (2.0 * elasticSigma * elasticSigma));
            for (int i = 0; i < gauss.length; i++) gauss[i] /= sum;
        }
    }

    /** "shift:2,rotate:10,scale:0.1,elastic:34:4" with the parts in any order, or the same values given here. */
    @Override public String toString() {
        StringBuilder s = new StringBuilder();
        if (shift > 0) s.append(",shift:").append(shift);
        if (rotate > 0) s.append(",rotate:").append(rotate);
        if (scale > 0) s.append(",scale:").append(scale);
        if (elasticAlpha > 0) s.append(",elastic:").append(elasticAlpha).append(':').append(elasticSigma);
        return s.isEmpty() ? "none" : s.substring(1);
    }

    @Override public void apply(float[] x, int batch, Shape shape, Random random) {
        int h = shape.height(), w = shape.width(), n = h * w;
        if (source.length < n) { source = new float[n]; fieldX = new float[n]; fieldY = new float[n]; tmp = new float[n]; }
        for (int b = 0; b < batch; b++) {
            float tx = uniform(random, shift), ty = uniform(random, shift);
            double theta = Math.toRadians(uniform(random, rotate));
            float s = 1f + uniform(random, scale);
            boolean elastic = elasticAlpha > 0;
            if (elastic) { displacementField(fieldX, random, h, w); displacementField(fieldY, random, h, w); }
            float cos = (float) Math.cos(theta) / s, sin = (float) Math.sin(theta) / s;
            float cy = (h - 1) / 2f, cx = (w - 1) / 2f;
            for (int c = 0; c < shape.channels(); c++) {
                int off = (b * shape.channels() + c) * n;
                System.arraycopy(x, off, source, 0, n);
                for (int py = 0; py < h; py++)
                    for (int px = 0; px < w; px++) {
                        float dx = px - cx - tx, dy = py - cy - ty;
                        float sx = cx + cos * dx + sin * dy, sy = cy - sin * dx + cos * dy;
                        if (elastic) { sx += fieldX[py * w + px]; sy += fieldY[py * w + px]; }
                        x[off + py * w + px] = bilinear(source, h, w, sx, sy);
                    }
            }
        }
    }

    /** A value in [−limit, limit]. */
    private static float uniform(Random random, float limit) { return limit == 0 ? 0 : (random.nextFloat() * 2 - 1) * limit; }

    /** field = α · G_σ ∗ U(−1, 1), the Gaussian applied along rows, then along columns (zero outside). */
    private void displacementField(float[] field, Random random, int h, int w) {
        int radius = gauss.length / 2;
        for (int i = 0; i < h * w; i++) field[i] = random.nextFloat() * 2 - 1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int k = Math.max(-radius, -x); k <= Math.min(radius, w - 1 - x); k++) sum += gauss[k + radius] * field[y * w + x + k];
                tmp[y * w + x] = sum;
            }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float sum = 0;
                for (int k = Math.max(-radius, -y); k <= Math.min(radius, h - 1 - y); k++) sum += gauss[k + radius] * tmp[(y + k) * w + x];
                field[y * w + x] = elasticAlpha * sum;
            }
    }

    /** The image at the real point (x, y), weighing its four nearest pixels; 0 outside. */
    static float bilinear(float[] img, int h, int w, float x, float y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        float fx = x - x0, fy = y - y0;
        return (1 - fy) * ((1 - fx) * pixel(img, h, w, x0, y0) + fx * pixel(img, h, w, x0 + 1, y0))
                + fy * ((1 - fx) * pixel(img, h, w, x0, y0 + 1) + fx * pixel(img, h, w, x0 + 1, y0 + 1));
    }

    private static float pixel(float[] img, int h, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : img[y * w + x];
    }
}
