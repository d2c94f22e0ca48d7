package glassbox.data;

import glassbox.engine.BadInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns any picture of a digit into what an MNIST network expects, the way MNIST itself was made:
 * <ol>
 *   <li>grey levels 0..1 as the file stores them (an 8- or 16-bit grey PNG is read sample by sample, not
 *       through sRGB), with ink bright on dark (a photo or scan of dark ink on light paper, judged by its
 *       border, is inverted);</li>
 *   <li>the paper's own grey level (the mean of the border) is taken away;</li>
 *   <li>cropped to the ink (pixels above 5% of the brightest);</li>
 *   <li>scaled, keeping the aspect ratio, so the longer side is 20 pixels (area-averaged, so anti-aliased);</li>
 *   <li>placed in a 28x28 field with its centre of mass at the centre.</li>
 * </ol>
 * A picture already 28x28 is MNIST's own size: it is taken as it is (only inverted if it is dark ink on
 * light paper). The result is 784 floats in 0..1, row by row. A file with no ink is refused, as is a file
 * whose decoder reports damage (a truncated JPEG decodes to a partly grey picture otherwise).
 */
public final class DigitImage {
    public static final int SIDE = 28, BOX = 20;
    /** The largest picture read: 40 megapixels (a 160 MB decoded image). */
    static final long MAX_PIXELS = 40_000_000L;

    private DigitImage() {}

    public static float[] fromFile(Path file) {
        if (Files.isDirectory(file)) throw new BadInputException(file + " is a folder, not an image file.");
        if (!Files.isRegularFile(file)) throw new BadInputException("image file " + file + " does not exist.");
        BufferedImage img = decode(file);
        float[] pixels = fromImage(img);
        float max = 0;
        for (float v : pixels) max = Math.max(max, v);
        if (max <= 0.02f) throw new BadInputException("image " + file + " has no ink: it is one flat colour, so there is no digit to read.");
        return pixels;
    }

    /**
     * Decodes the first image of a file after checking the size its header declares; refuses a file the
     * decoder warns about (truncated, corrupt) rather than reading a half-decoded picture.
     */
    static BufferedImage decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            var readers = in == null ? java.util.Collections.<ImageReader>emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new BadInputException("file " + file + " is not an image Glassbox can read (use PNG, JPEG, GIF or BMP).");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                long w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS)
                    throw new BadInputException("image " + file + " is " + w + "x" + h + " pixels; Glassbox reads pictures of up to 40 megapixels.");
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty())
                    throw new BadInputException("image " + file + " is damaged (" + warnings.getFirst().strip().replaceAll("[.!]+$", "") + "): save it again or use another file.");
                return img;
            } finally {
                reader.dispose();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (java.io.EOFException e) {
            throw new BadInputException("image " + file + " ends too early: it is truncated.");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + " as an image: " + (e.getMessage() == null ? "it is corrupt" : decoderSays(e)) + ".");
        } catch (RuntimeException e) {   // decoders fail on some damage with index or argument errors
            throw new BadInputException("image " + file + " is corrupt (its decoder failed" + (e.getMessage() == null ? "" : ": " + decoderSays(e)) + ").");
        }
    }

    /** A decoder's message without its own closing punctuation ("I/O error reading PNG header!"), to sit inside a sentence. */
    private static String decoderSays(Exception e) { return e.getMessage().strip().replaceAll("[.!]+$", ""); }

    /** Any image: to grey as stored, ink made bright, then {@link #normalize} (or as it is, at 28x28). */
    public static float[] fromImage(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        if ((long) w * h > MAX_PIXELS) throw new BadInputException("the image is too large (" + w + "x" + h + "); use one under 40 megapixels.");
        float[] grey = grey(img);
        if (borderMean(grey, w, h) > 0.5f)
            for (int i = 0; i < grey.length; i++) grey[i] = 1f - grey[i];
        if (w == SIDE && h == SIDE) return grey;
        // Paper is rarely pure white: what the border holds is background, not ink.
        float paper = borderMean(grey, w, h);
        if (paper > 0f) for (int i = 0; i < grey.length; i++) grey[i] = Math.max(0f, grey[i] - paper) / (1f - paper);
        return normalize(grey, w, h);
    }

    /**
     * Grey levels 0..1 (0 black), transparent pixels counting as white paper. A grey image is read from its
     * samples (getRGB would pass them through a linear-to-sRGB curve: 128 would become 188); CMYK from its
     * four inks; anything else through sRGB.
     */
    static float[] grey(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] grey = new float[w * h];
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        int space = cm.getColorSpace().getType();
        if (space == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            float max = (1L << cm.getComponentSize(0)) - 1, maxAlpha = cm.hasAlpha() ? (1L << cm.getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float alpha = cm.hasAlpha() ? r.getSample(x, y, 1) / maxAlpha : 1f;
                    grey[y * w + x] = alpha * (r.getSample(x, y, 0) / max) + (1 - alpha);
                }
        } else if (space == ColorSpace.TYPE_CMYK && r.getNumBands() == 4) {
            // Adobe's JPEGs store CMYK inverted (255 = no ink); paper, all four inks near 0, tells which.
            float max = (1L << cm.getComponentSize(0)) - 1;
            float[] ink = new float[4];
            double border = 0;
            int n = 0;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (x == 0 || y == 0 || x == w - 1 || y == h - 1) { for (int c = 0; c < 4; c++) border += r.getSample(x, y, c) / max; n += 4; }
            boolean inverted = border / n > 0.5;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float light = 1f;
                    for (int c = 0; c < 4; c++) {
                        ink[c] = r.getSample(x, y, c) / max;
                        light *= inverted ? ink[c] : 1f - ink[c];
                    }
                    grey[y * w + x] = light;
                }
        } else {
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y);
                    float alpha = ((argb >>> 24) & 0xff) / 255f;
                    float lum = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff)) / 255f;
                    grey[y * w + x] = alpha * lum + (1 - alpha);   // transparent pixels are white paper
                }
        }
        return grey;
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
