package glassbox.data;

import glassbox.engine.BadInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * TensorFlow Playground's 2-D datasets, as functions of (count, noise, random). Points live in about
 * [−6, 6]²; classification labels are +1 (blue) or −1 (orange), regression labels are in about [−1, 1].
 * {@code noise} is Playground's slider divided by 100, so 0 to 0.5. U(a, b) is uniform, N a normal draw.
 * The formulas follow Playground's dataset.ts closely enough that a figure from one is recognisable in
 * the other; the random streams differ, so the points themselves do not.
 */
public final class Toy {
    private Toy() {}

    /** One point (x, y) and its label. */
    public record Point(float x, float y, float label) {}

    /** A dataset: count points drawn with this noise (0 to 0.5) from this random stream. */
    @FunctionalInterface
    public interface Generator {
        List<Point> generate(int count, double noise, Random random);
    }

    /** The plotted domain: features are read over [−DOMAIN, DOMAIN]². */
    public static final double DOMAIN = 6;

    /** Every dataset by name; classification first, then regression. */
    public static final Map<String, Generator> DATASETS;
    /** The names that are classification problems (labels ±1); the others are regression. */
    public static final List<String> CLASSIFICATION = List.of("circle", "xor", "gauss", "spiral");
    public static final List<String> REGRESSION = List.of("plane", "multigauss");

    static {
        Map<String, Generator> m = new LinkedHashMap<>();
        m.put("circle", Toy::circle);
        m.put("xor", Toy::xor);
        m.put("gauss", Toy::gauss);
        m.put("spiral", Toy::spiral);
        m.put("plane", Toy::plane);
        m.put("multigauss", Toy::multigauss);
        DATASETS = Collections.unmodifiableMap(m);
    }

    /** The generator called name, or a one-sentence error listing the names. */
    public static Generator named(String name) {
        Generator g = name == null ? null : DATASETS.get(name);
        if (g == null) throw new BadInputException("unknown dataset '" + name + "': use one of " + String.join(", ", DATASETS.keySet()) + ".");
        return g;
    }

    public static boolean isClassification(String name) { return CLASSIFICATION.contains(name); }

    /**
     * Circle, R = 5: half the points at r ~ U(0, R/2), half at r ~ U(0.7R, R), θ ~ U(0, 2π),
     * (x, y) = (r sin θ, r cos θ). The label is +1 when |(x, y) + ε| < R/2, else −1, with
     * ε = (U(−R, R), U(−R, R))·noise: noise flips labels near the ring, it never moves a point.
     */
    public static List<Point> circle(int count, double noise, Random random) {
        double radius = 5;
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean inside = i < count / 2;
            double r = inside ? uniform(random, 0, radius * 0.5) : uniform(random, radius * 0.7, radius);
            double angle = uniform(random, 0, 2 * Math.PI);
            double x = r * Math.sin(angle), y = r * Math.cos(angle);
            double nx = uniform(random, -radius, radius) * noise, ny = uniform(random, -radius, radius) * noise;
            points.add(point(x, y, Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : -1));
        }
        return points;
    }

    /**
     * Exclusive or: x, y ~ U(−5, 5), each pushed 0.3 away from its axis; label +1 when
     * (x + εx)(y + εy) ≥ 0, else −1, with ε ~ U(−5, 5)·noise (label noise only).
     */
    public static List<Point> xor(int count, double noise, Random random) {
        double padding = 0.3;
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = uniform(random, -5, 5), y = uniform(random, -5, 5);
            x += x > 0 ? padding : -padding;
            y += y > 0 ? padding : -padding;
            double nx = uniform(random, -5, 5) * noise, ny = uniform(random, -5, 5) * noise;
            points.add(point(x, y, (x + nx) * (y + ny) >= 0 ? 1 : -1));
        }
        return points;
    }

    /**
     * Two gaussians: half the points around (2, 2) labelled +1, half around (−2, −2) labelled −1,
     * each axis N(centre, var) with var = 0.5 + 7·noise (so noise 0 to 0.5 widens var from 0.5 to 4).
     */
    public static List<Point> gauss(int count, double noise, Random random) {
        double variance = 0.5 + 7 * noise, sd = Math.sqrt(variance);
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean positive = i < count / 2;
            double c = positive ? 2 : -2;
            points.add(point(c + random.nextGaussian() * sd, c + random.nextGaussian() * sd, positive ? 1 : -1));
        }
        return points;
    }

    /**
     * Spiral: two arms of n = count/2 points. Point i of an arm has r = 5 i/n and
     * t = 1.75·2π i/n + Δ (Δ = 0 for +1, π for −1); (x, y) = (r sin t, r cos t) + U(−1, 1)·noise each.
     * Here noise moves the points.
     */
    public static List<Point> spiral(int count, double noise, Random random) {
        List<Point> points = new ArrayList<>(count);
        int n = count / 2;
        for (int arm = 0; arm < 2; arm++) {
            int size = arm == 0 ? n : count - n;
            double delta = arm == 0 ? 0 : Math.PI;
            for (int i = 0; i < size; i++) {
                double r = 5.0 * i / size, t = 1.75 * i / size * 2 * Math.PI + delta;
                double x = r * Math.sin(t) + uniform(random, -1, 1) * noise;
                double y = r * Math.cos(t) + uniform(random, -1, 1) * noise;
                points.add(point(x, y, arm == 0 ? 1 : -1));
            }
        }
        return points;
    }

    /**
     * Plane (regression): x, y ~ U(−6, 6); label (x + εx + y + εy)/10 with ε ~ U(−6, 6)·noise,
     * a linear map of [−10, 10] onto [−1, 1], not clamped.
     */
    public static List<Point> plane(int count, double noise, Random random) {
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = uniform(random, -6, 6), y = uniform(random, -6, 6);
            double nx = uniform(random, -6, 6) * noise, ny = uniform(random, -6, 6) * noise;
            points.add(point(x, y, (x + nx + y + ny) / 10));
        }
        return points;
    }

    /** The six signed centres of {@link #multigauss}: (x, y, sign). */
    static final double[][] CENTRES = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};

    /**
     * Multiple gaussians (regression): x, y ~ U(−6, 6). Each of six centres (±4 or 0, ±2.5) with sign s
     * gives s·clamp(1 − d/2, 0, 1), d the distance from the noisy point (x, y) + U(−6, 6)·noise; the
     * label is the value with the largest magnitude.
     */
    public static List<Point> multigauss(int count, double noise, Random random) {
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = uniform(random, -6, 6), y = uniform(random, -6, 6);
            double px = x + uniform(random, -6, 6) * noise, py = y + uniform(random, -6, 6) * noise;
            double label = 0;
            for (double[] c : CENTRES) {
                double v = c[2] * Math.clamp(1 - Math.hypot(px - c[0], py - c[1]) / 2, 0, 1);
                if (Math.abs(v) > Math.abs(label)) label = v;
            }
            points.add(point(x, y, label));
        }
        return points;
    }

    /** Shuffles in place (Fisher–Yates) with the given stream, as Playground does once before the split. */
    public static void shuffle(List<Point> points, Random random) {
        for (int i = points.size() - 1; i > 0; i--) Collections.swap(points, i, random.nextInt(i + 1));
    }

    private static double uniform(Random random, double a, double b) { return a + random.nextDouble() * (b - a); }

    private static Point point(double x, double y, double label) { return new Point((float) x, (float) y, (float) label); }
}
