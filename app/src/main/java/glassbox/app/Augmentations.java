package glassbox.app;

import glassbox.data.Augment;
import glassbox.engine.Augmenter;
import glassbox.engine.BadInputException;

import java.util.Locale;

/**
 * Reads --augment: {@code none}, or a comma-separated list of distortions drawn afresh for every image
 * of every batch (the images themselves live in {@link Augment}):
 * <pre>
 *   shift:PIXELS        move by up to PIXELS in x and y           e.g. shift:2
 *   rotate:DEGREES      turn by up to DEGREES either way          e.g. rotate:10
 *   scale:FRACTION      resize by a factor in [1 − F, 1 + F]      e.g. scale:0.1
 *   elastic[:ALPHA[:SIGMA]]  Simard et al. 2003's elastic distortion, strength α (34) and smoothing σ (4)
 * </pre>
 * e.g. {@code --augment shift:2,rotate:10,scale:0.1,elastic:34:4}.
 */
final class Augmentations {
    private Augmentations() {}

    static Augmenter parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) return null;
        float shift = 0, rotate = 0, scale = 0, alpha = 0, sigma = 4;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String part : text.toLowerCase(Locale.ROOT).split(",", -1)) {
            String[] f = part.trim().split(":", -1);
            String kind = f[0].equals("rotation") ? "rotate" : f[0];
            if (!seen.add(kind)) throw new BadInputException("--augment names " + kind + " twice; give each distortion once, as in shift:2,rotate:10.");
            switch (kind) {
                case "shift" -> shift = positive(number(f, 1, part), part);
                case "rotate" -> rotate = positive(number(f, 1, part), part);
                case "scale" -> scale = positive(number(f, 1, part), part);
                case "elastic" -> {
                    if (f.length > 3) throw bad(part);
                    alpha = f.length > 1 ? positive(number(f, 1, part), part) : 34;
                    sigma = f.length > 2 ? positive(number(f, 2, part), part) : 4;
                }
                default -> throw new BadInputException("--augment has '" + part.trim() + "'; use none or a list of shift:PIXELS, rotate:DEGREES, scale:FRACTION, elastic:ALPHA:SIGMA.");
            }
        }
        return new Augment(shift, rotate, scale, alpha, sigma);
    }

    private static float number(String[] f, int i, String part) {
        if (f.length <= i || (!f[0].equals("elastic") && f.length != 2)) throw bad(part);
        try { return Float.parseFloat(f[i]); }
        catch (NumberFormatException e) { throw bad(part); }
    }

    /** A distortion of size 0 (or less) does nothing, or something unmeant: it is refused, not silently dropped. */
    private static float positive(float v, String part) {
        if (!(v > 0) || Float.isInfinite(v))
            throw new BadInputException("--augment's '" + part.trim() + "' needs numbers above 0; leave a distortion out to turn it off.");
        return v;
    }

    private static BadInputException bad(String part) {
        return new BadInputException("--augment's '" + part.trim() + "' needs a number, as in shift:2, rotate:10, scale:0.1 or elastic:34:4.");
    }
}
