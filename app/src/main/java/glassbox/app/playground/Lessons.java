package glassbox.app.playground;

import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Dense;
import glassbox.engine.Initializer;
import glassbox.engine.LearningStep;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Regularization;
import glassbox.engine.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The numbers of the single-neuron lessons ("Xiao Lan and the beans"), computed by the engine: every
 * prediction is a {@link Network} forward pass and every gradient is its {@link Network#backprop}.
 * The lessons use the course's error e = (1/n) Σ (y − a)²; the engine's cost is C = ½ Σ (a − y)², so
 * e = 2C/n and ∂e/∂w = (2/n) ∂C/∂w. Descent is full-batch: w ← w − η ∂e/∂w. Each call is stateless.
 */
final class Lessons {
    private Lessons() {}

    static final int MAX_STEPS = 200, MAX_EPOCHS = 20_000;

    /** One bean: its size x and its toxicity y (a number for lessons 1-2, 0 or 1 for lessons 3-4). */
    record Bean(double x, double y) {}

    /** The beans of each lesson, the same every time: lesson 1 through the origin, 2 with an offset, 3 a step, 4 a hill. */
    static List<Bean> beans(String lesson) {
        Random random = new Random(7);
        List<Bean> beans = new ArrayList<>();
        int n = lesson.equals("hill") ? 40 : lesson.equals("sigmoid") ? 24 : 12;
        for (int i = 0; i < n; i++) {
            double x = switch (lesson) {
                case "line", "bowl" -> 0.3 + 2.7 * i / (n - 1);
                default -> 6.0 * (i + 0.5) / n;
            };
            double y = switch (lesson) {
                case "line" -> 0.9 * x + 0.15 * random.nextGaussian();
                case "bowl" -> 0.6 * x + 0.8 + 0.15 * random.nextGaussian();
                case "sigmoid" -> x + 0.8 * random.nextGaussian() > 3 ? 1 : 0;
                case "hill" -> x > 2 && x < 4 ? 1 : 0;
                default -> throw new BadInputException("unknown lesson '" + lesson + "': use line, bowl, sigmoid or hill.");
            };
            beans.add(new Bean(round(x), round(y)));
        }
        return beans;
    }

    /** e and its gradient (∂e/∂w, ∂e/∂b) at the network's current weights, from one engine backprop. */
    record Gradient(double e, double dw, double db) {}

    static Gradient gradient(Network net, float[] x, float[] y) {
        int n = y.length;
        net.zeroGradients();
        double c = net.backprop(x, y, n);
        Dense d = net.output();
        return new Gradient(2 * c / n, 2 * d.weights.grad()[0] / n, 2 * d.biases.grad()[0] / n);
    }

    /** A single neuron a = σ(w x + b) in the engine, with this σ. */
    static Network neuron(Activation sigma, double w, double b) {
        Network net = new Architecture("1-1", Shape.vector(1), sigma, sigma, new Cost.Quadratic()).build();
        net.output().w()[0] = (float) w;
        net.output().b()[0] = (float) b;
        return net;
    }

    /**
     * Lessons 1-3: gradient descent on one neuron from (w, b). Lesson "line" is y = w x (b stays 0),
     * "bowl" is y = w x + b, "sigmoid" is a = σ(w x + b). The path lists (w, b, e, ∂e/∂w, ∂e/∂b) before
     * each step; it stops early when w or b leaves ±10⁴ (divergence).
     */
    static Map<String, Object> descend(String lesson, double w, double b, double rate, int steps, int point) {
        checkFinite(w, "w");
        checkFinite(b, "b");
        if (!(rate > 0 && rate <= 100)) throw new BadInputException("the learning rate must be above 0 and at most 100, not " + rate + ".");
        if (steps < 0 || steps > MAX_STEPS) throw new BadInputException("steps must be between 0 and " + MAX_STEPS + ", not " + steps + ".");
        List<Bean> beans = beans(lesson);
        boolean withBias = !lesson.equals("line");
        if (!withBias) b = 0;
        Activation sigma = lesson.equals("sigmoid") ? new Activation.Sigmoid() : new Activation.Linear();
        Network net = neuron(sigma, w, b);
        float[] x = xs(beans), y = ys(beans);
        List<double[]> path = new ArrayList<>();
        boolean diverged = false;
        for (int s = 0; ; s++) {
            Gradient g = gradient(net, x, y);
            double cw = net.output().w()[0], cb = net.output().b()[0];
            path.add(new double[] {cw, cb, g.e(), g.dw(), withBias ? g.db() : 0});
            if (Math.abs(cw) > 1e4 || Math.abs(cb) > 1e4 || !Double.isFinite(g.e())) { diverged = true; break; }
            if (s == steps) break;
            net.output().w()[0] -= (float) (rate * g.dw());
            if (withBias) net.output().b()[0] -= (float) (rate * g.db());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("beans", beans);
        r.put("path", path.stream().map(Lessons::finiteRow).toList());
        r.put("diverged", diverged);
        double[] last = path.getLast();
        if (lesson.equals("line")) r.put("curve", errorCurve(x, y, -1, 3, 81));
        if (lesson.equals("bowl")) r.put("bowl", errorBowl(x, y, -1, 2.5, -1.5, 2.5, 41));
        if (lesson.equals("sigmoid")) {
            r.put("fit", curve(net, 0, 6, 61));
            r.put("chain", chain(last[0], last[1], beans.get(Math.floorMod(point, beans.size())), Math.floorMod(point, beans.size())));
        }
        return r;
    }

    /** e(w) for y = w x at count values of w in [from, to]: the parabola of lesson 1. */
    static List<double[]> errorCurve(float[] x, float[] y, double from, double to, int count) {
        Network net = neuron(new Activation.Linear(), 0, 0);
        List<double[]> curve = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double w = from + (to - from) * i / (count - 1);
            net.output().w()[0] = (float) w;
            curve.add(new double[] {round(w), round(gradient(net, x, y).e())});
        }
        return curve;
    }

    /** e(w, b) on a size x size grid (rows b from high to low, columns w): the bowl of lesson 2. */
    static Map<String, Object> errorBowl(float[] x, float[] y, double w0, double w1, double b0, double b1, int size) {
        Network net = neuron(new Activation.Linear(), 0, 0);
        double[][] e = new double[size][size];
        for (int row = 0; row < size; row++)
            for (int col = 0; col < size; col++) {
                net.output().w()[0] = (float) (w0 + (w1 - w0) * col / (size - 1));
                net.output().b()[0] = (float) (b1 - (b1 - b0) * row / (size - 1));
                e[row][col] = round(gradient(net, x, y).e());
            }
        return Map.of("w", List.of(w0, w1), "b", List.of(b0, b1), "e", e);
    }

    /**
     * Lesson 3's chain rule at one bean, in the course's names: z = w x + b, a = σ(z), e = (y − a)²;
     * ∂e/∂a = −2(y − a), ∂a/∂z = a(1 − a), ∂z/∂w = x, ∂z/∂b = 1. The products are also read from the
     * engine's backprop (engineDw, engineDb) so the page can show that they agree.
     */
    static Map<String, Object> chain(double w, double b, Bean bean, int index) {
        Network net = neuron(new Activation.Sigmoid(), w, b);
        float[] x = {(float) bean.x()}, y = {(float) bean.y()};
        Gradient g = gradient(net, x, y);
        Dense d = net.output();
        float[] dz = new float[1];
        d.activation.backprop(d.z, d.a, new float[] {1f}, dz, 1, 1);   // σ'(z) from the engine
        double z = d.z[0], a = d.a[0];
        double deda = -2 * (bean.y() - a), dadz = dz[0];
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("index", index);
        c.put("x", bean.x());
        c.put("y", bean.y());
        c.put("z", z);
        c.put("a", a);
        c.put("e", g.e());
        c.put("de_da", deda);
        c.put("da_dz", dadz);
        c.put("dz_dw", bean.x());
        c.put("dz_db", 1.0);
        c.put("de_dw", deda * dadz * bean.x());
        c.put("de_db", deda * dadz);
        c.put("engine_de_dw", g.dw());
        c.put("engine_de_db", g.db());
        return c;
    }

    /**
     * Lesson 4: a hill (toxic only in the middle) learned by one sigmoid neuron and by two hidden sigmoid
     * neurons plus an output neuron, each by full-batch descent for this many epochs from seeded N(0, 1)
     * weights. For the pair, the page gets each hidden curve a_k(x), its weighted share w_k a_k(x), their
     * sum z(x) = w₁a₁ + w₂a₂ + b and the output σ(z).
     */
    static Map<String, Object> hill(int epochs, double rate, long seed) {
        if (epochs < 0 || epochs > MAX_EPOCHS) throw new BadInputException("epochs must be between 0 and " + MAX_EPOCHS + ", not " + epochs + ".");
        if (!(rate > 0 && rate <= 100)) throw new BadInputException("the learning rate must be above 0 and at most 100, not " + rate + ".");
        List<Bean> beans = beans("hill");
        float[] x = xs(beans), y = ys(beans);
        Activation sigmoid = new Activation.Sigmoid();
        Network one = Network.create(new Architecture("1-1", Shape.vector(1), sigmoid, sigmoid, new Cost.Quadratic()), Initializer.NORMAL, seed);
        Network two = Network.create(new Architecture("1-2-1", Shape.vector(1), sigmoid, sigmoid, new Cost.Quadratic()), Initializer.NORMAL, seed);
        double eOne = descendAll(one, x, y, rate, epochs), eTwo = descendAll(two, x, y, rate, epochs);

        int count = 121;
        float[] grid = new float[count];
        for (int i = 0; i < count; i++) grid[i] = (float) (6.0 * i / (count - 1));
        two.feedforward(grid, count);
        Dense hidden = (Dense) two.layers.get(0), out = two.output();
        double[][] a = new double[2][count], share = new double[2][count];
        double[] z = new double[count], output = new double[count];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 2; k++) {
                a[k][i] = round(hidden.a[i * 2 + k]);
                share[k][i] = round(out.w()[k] * hidden.a[i * 2 + k]);
            }
            z[i] = round(out.z[i]);
            output[i] = round(out.a[i]);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("beans", beans);
        r.put("x", rounded(grid));
        r.put("epochs", epochs);
        r.put("one", Map.of("e", eOne, "w", one.output().w()[0], "b", one.output().b()[0], "fit", curve(one, 0, 6, count)));
        r.put("two", Map.of("e", eTwo, "hidden", a, "share", share, "z", z, "output", output,
                "w", rounded(out.w()), "b", out.b()[0], "hiddenW", rounded(hidden.w()), "hiddenB", rounded(hidden.b())));
        return r;
    }

    /**
     * Full-batch descent on e for this many epochs with every weight and bias; returns the final e. It is the
     * engine's SGD step on all n beans at rate 2η: w ← w − 2η (1/n) ∂C/∂w = w − η ∂e/∂w.
     */
    private static double descendAll(Network net, float[] x, float[] y, double rate, int epochs) {
        int n = y.length;
        LearningStep step = new LearningStep(net, new Optimizer.Sgd(), Regularization.NONE, n);
        for (int t = 0; t < epochs; t++) step.update(x, y, n, (float) (2 * rate));
        return gradient(net, x, y).e();
    }

    /** The neuron's output over count values of x in [from, to], as (x, a) pairs. */
    private static List<double[]> curve(Network net, double from, double to, int count) {
        float[] grid = new float[count];
        for (int i = 0; i < count; i++) grid[i] = (float) (from + (to - from) * i / (count - 1));
        float[] a = net.feedforward(grid, count);
        List<double[]> c = new ArrayList<>();
        for (int i = 0; i < count; i++) c.add(new double[] {round(grid[i]), round(a[i])});
        return c;
    }

    private static float[] xs(List<Bean> beans) {
        float[] x = new float[beans.size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) beans.get(i).x();
        return x;
    }

    private static float[] ys(List<Bean> beans) {
        float[] y = new float[beans.size()];
        for (int i = 0; i < y.length; i++) y[i] = (float) beans.get(i).y();
        return y;
    }

    private static double[] finiteRow(double[] row) {
        double[] r = new double[row.length];
        for (int i = 0; i < r.length; i++) r[i] = Double.isFinite(row[i]) ? round(row[i]) : Math.copySign(1e300, row[i]);
        return r;
    }

    private static double[] rounded(float[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = round(v[i]);
        return r;
    }

    private static void checkFinite(double v, String name) {
        if (!Double.isFinite(v) || Math.abs(v) > 1e4) throw new BadInputException(name + " must be a number between -10000 and 10000, not " + v + ".");
    }

    private static double round(double v) { return Math.abs(v) >= 1e6 ? v : Math.round(v * 1e5) / 1e5; }
}
