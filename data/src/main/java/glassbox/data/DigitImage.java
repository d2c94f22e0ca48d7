package glassbox.data;

import glassbox.engine.BadInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns any picture of a digit into what an MNIST network expects, the way MNIST itself was made:
 * <ol>
 *   <li>grey levels 0..1 with ink bright on dark (a photo or scan of dark ink on light paper, judged by
 *       its border, is inverted);</li>
 *   <li>the paper's own grey level (the mean of the border) is taken away;</li>
 *   <li>cropped to the ink (pixels above 5% of the brightest);</li>
 *   <li>scaled, keeping the aspect ratio, so the longer side is 20 pixels (area-averaged, so anti-aliased);</li>
 *   <li>placed in a 28x28 field with its centre of mass at the centre.</li>
 * </ol>
 * The result is 784 floats in 0..1, row by row. A blank picture gives all zeros.
 */
public final class DigitImage {
    public static final int SIDE = 28, BOX = 20;

    private DigitImage() {}

    public static float[] fromFile(Path file) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
            img = ImageIO.read(file.toFile());
        } catch (NoSuchFileException e) {
            throw new BadInputException("image file " + file + " does not exist.");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read " + file + " as an image: " + e.getMessage() + ".");
        }
        if (img == null) throw new BadInputException("file " + file + " is not an image Glassbox can read (use PNG, JPEG, GIF or BMP).");
        return fromImage(img);
    }

    /** Any image: to grey, ink made bright, then {@link #normalize}. */
    public static float[] fromImage(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        if ((long) w * h > 40_000_000L) throw new BadInputException("the image is too large (" + w + "x" + h + "); use one under 40 megapixels.");
        float[] grey = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float alpha = ((argb >>> 24) & 0xff) / 255f;
                float lum = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff)) / 255f;
                grey[y * w + x] = alpha * lum + (1 - alpha);   // transparent pixels are white paper
            }
        if (borderMean(grey, w, h) > 0.5f)
            for (int i = 0; i < grey.length; i++) grey[i] = 1f - grey[i];
        // Paper is rarely pure white: what the border holds is background, not ink.
        float paper = borderMean(grey, w, h);
        if (paper > 0f) for (int i = 0; i < grey.length; i++) grey[i] = Math.max(0f, grey[i] - paper) / (1f - paper);
        return normalize(grey, w, h);
    }

    /** Mean grey level of the outermost rows and columns: paper is bright, so ink must be dark. */
    static float borderMean(float[] g, int w, int h) {
        double s = 0;
        int n = 0;
        for (int x = 0; x < w; x++) { s += g[x] + g[(h - 1) * w + x]; n += 2; }
        for (int y = 0; y < h; y++) { s += g[y * w] + g[y * w + w - 1]; n += 2; }
        return (float) (s / n);
    }

    /**
     * Ink-bright grey levels (w x h, 0..1) to a centred 28x28 MNIST image: crop to the ink, scale the
     * longer side to 20 keeping the aspect ratio, centre the centre of mass.
     */
    public static float[] normalize(float[] grey, int w, int h) {
        if (grey.length != w * h) throw new BadInputException("expected " + w + "x" + h + " = " + (w * h) + " grey levels, got " + grey.length + ".");
        float max = 0;
        for (float v : grey) {
            if (!Float.isFinite(v)) throw new BadInputException("the image has a NaN or infinite pixel.");
            max = Math.max(max, v);
        }
        float[] out = new float[SIDE * SIDE];
        if (max <= 0.02f) return out;
        float threshold = 0.05f * max;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (grey[y * w + x] > threshold) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        float scale = (float) BOX / Math.max(cw, ch);
        int sw = Math.max(1, Math.round(cw * scale)), sh = Math.max(1, Math.round(ch * scale));
        float[] small = resizeArea(grey, w, x0, y0, cw, ch, sw, sh, 1f / max);
        // Centre of mass of the scaled digit goes to (14, 14).
        double mx = 0, my = 0, mass = 0;
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++) { float v = small[y * sw + x]; mass += v; mx += v * (x + 0.5); my += v * (y + 0.5); }
        int ox = (int) Math.round(SIDE / 2.0 - mx / mass), oy = (int) Math.round(SIDE / 2.0 - my / mass);
        ox = Math.max(0, Math.min(SIDE - sw, ox));
        oy = Math.max(0, Math.min(SIDE - sh, oy));
        for (int y = 0; y < sh; y++)
            for (int x = 0; x < sw; x++) out[(oy + y) * SIDE + ox + x] = Math.min(1f, small[y * sw + x]);
        return out;
    }

    /** Area-averaging resize of the crop (x0, y0, cw, ch) of src (row width w) to sw x sh, times gain. */
    static float[] resizeArea(float[] src, int w, int x0, int y0, int cw, int ch, int sw, int sh, float gain) {
        float[] dst = new float[sw * sh];
        double fx = (double) cw / sw, fy = (double) ch / sh;
        for (int y = 0; y < sh; y++) {
            double ya = y * fy, yb = (y + 1) * fy;
            for (int x = 0; x < sw; x++) {
                double xa = x * fx, xb = (x + 1) * fx, sum = 0;
                for (int sy = (int) ya; sy < Math.min(ch, Math.ceil(yb)); sy++) {
                    double wy = Math.min(yb, sy + 1) - Math.max(ya, sy);
                    if (wy <= 0) continue;
                    for (int sx = (int) xa; sx < Math.min(cw, Math.ceil(xb)); sx++) {
                        double wx = Math.min(xb, sx + 1) - Math.max(xa, sx);
                        if (wx > 0) sum += wx * wy * src[(y0 + sy) * w + x0 + sx];
                    }
                }
                dst[y * sw + x] = (float) (sum / (fx * fy) * gain);
            }
        }
        return dst;
    }
}
