package glassbox.app.playground;

import glassbox.data.Toy;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Cost;
import glassbox.engine.Dense;
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
 * One playground: the points, the network that learns them, and what the page draws. Training is
 * Playground's: the output neuron is tanh (classification, labels ±1) or linear (regression); the loss
 * of a point is ½(a − y)²; weights start U(−0.5, 0.5), biases 0.1; one epoch is one pass over the
 * training points in a fixed order, in mini-batches whose mean gradient steps w ← w − η(ḡ + r·R'(w)),
 * R'(w) = w for L2 and sign(w) for L1 (r the regularisation rate; biases are not pulled). Unlike
 * Playground, a partial last batch is stepped at once instead of leaking into the next epoch.
 * Not thread-safe: {@link Sessions} locks a session while a request uses it.
 */
final class PlaygroundSession {
    /** The heat maps' resolution: the output is read on GRID x GRID points over [−6, 6]², neurons on THUMB x THUMB. */
    static final int GRID = 50, THUMB = 25;

    final String id;
    private PlaygroundConfig config;
    private List<Toy.Point> train, test;
    private float[] trainX, trainY, testX, testY, gridX;
    private Network network;
    private final Optimizer optimizer = new Optimizer.Sgd();
    private int epoch, resets;
    private double[] gradientSum;      // per dense layer: Σ over this epoch's batches of mean |∂C/∂w|
    private int gradientBatches;
    volatile long lastUsed;

    PlaygroundSession(String id, PlaygroundConfig config) {
        this.id = id;
        this.config = config;
        makeData();
        buildNetwork();
    }

    PlaygroundConfig config() { return config; }

    int epoch() { return epoch; }

    Network network() { return network; }

    // ---- changes the page asks for ----

    /** Playground's rules: the learning rate changes in place; new data regenerates; anything else rebuilds the net. */
    void configure(PlaygroundConfig next) {
        PlaygroundConfig before = config;
        config = next;
        if (before.sameButLearningRate(next)) return;
        if (!before.sameData(next) || before.classification() != next.classification() || !before.features().equals(next.features())) makeData();
        buildNetwork();
    }

    /** New random weights, the same points, epoch 0. */
    void reset() {
        resets++;
        buildNetwork();
    }

    /** New points from a new seed; the network keeps its weights and goes on learning (as in Playground). */
    void regenerate(long seed) {
        config = config.withSeed(seed);
        makeData();
    }

    /** Trains this many epochs. */
    void train(int epochs) {
        for (int e = 0; e < epochs; e++) trainEpoch();
    }

    // ---- the learning ----

    private void makeData() {
        Random random = new Random(config.seed());
        List<Toy.Point> points;
        if (config.dataset().equals("upload")) points = new ArrayList<>(config.uploadedPoints());
        else points = new ArrayList<>(Toy.named(config.dataset()).generate(config.classification() ? 500 : 1200, config.noise() / 100.0, random));
        Toy.shuffle(points, random);
        int split = Math.max(1, Math.min(points.size() - 1, points.size() * config.trainPercent() / 100));
        train = List.copyOf(points.subList(0, split));
        test = List.copyOf(points.subList(split, points.size()));
        int f = config.features().size();
        trainX = features(train, config.features());
        testX = features(test, config.features());
        trainY = labels(train);
        testY = labels(test);
        List<Toy.Point> grid = new ArrayList<>(GRID * GRID);
        for (int row = 0; row < GRID; row++)
            for (int col = 0; col < GRID; col++) grid.add(new Toy.Point((float) gridCoordinate(col), (float) -gridCoordinate(row), 0));
        gridX = features(grid, config.features());
        assert trainX.length == train.size() * f;
    }

    /** The centre of cell i of the grid over [−6, 6]; rows run from +6 (top) down. */
    static double gridCoordinate(int i) { return -Toy.DOMAIN + (i + 0.5) * 2 * Toy.DOMAIN / GRID; }

    private void buildNetwork() {
        Activation out = config.classification() ? new Activation.Tanh() : new Activation.Linear();
        Architecture arch = new Architecture(config.layers(), Shape.vector(config.features().size()), config.hiddenActivation(), out, new Cost.Quadratic());
        network = arch.build();
        Random random = new Random(config.seed() * 1_000_003L + resets);
        for (Dense d : dense()) {
            float[] w = d.w(), b = d.b();
            for (int i = 0; i < w.length; i++) w[i] = (float) (random.nextDouble() - 0.5);
            java.util.Arrays.fill(b, 0.1f);
        }
        epoch = 0;
        gradientSum = new double[network.layers.size()];
        gradientBatches = 0;
    }

    private void trainEpoch() {
        int n = train.size(), f = config.features().size(), m = config.batchSize();
        float[] x = new float[m * f], y = new float[m];
        Regularization reg = switch (config.regularization()) {
            case "l1" -> Regularization.l1((float) (config.regularizationRate() * n));
            case "l2" -> Regularization.l2((float) (config.regularizationRate() * n));
            default -> Regularization.NONE;
        };
        // Nielsen's λ/n convention with λ = r·n gives Playground's w ← w − η(ḡ + r R'(w)).
        LearningStep step = new LearningStep(network, optimizer, reg, n);
        java.util.Arrays.fill(gradientSum, 0);
        gradientBatches = 0;
        List<Dense> layers = dense();
        for (int start = 0; start < n; start += m) {
            int batch = Math.min(m, n - start);
            System.arraycopy(trainX, start * f, x, 0, batch * f);
            System.arraycopy(trainY, start, y, 0, batch);
            step.update(x, y, batch, (float) config.learningRate().doubleValue());
            for (int l = 0; l < layers.size(); l++) gradientSum[l] += meanAbs(layers.get(l).weights.grad()) / batch;   // the step leaves ∂C/∂w in place
            gradientBatches++;
        }
        epoch++;
    }

    // ---- what the page draws ----

    /** Mean ½(a − y)² over the points, and the share whose sign(a) matches the label (classification). */
    record Loss(double loss, double accuracy) {}

    Loss loss(float[] x, float[] y) {
        if (y.length == 0) return new Loss(0, 0);
        float[] a = network.feedforward(x, y.length);
        double sum = 0;
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            double d = a[i] - y[i];
            sum += 0.5 * d * d;
            if ((a[i] >= 0) == (y[i] >= 0)) right++;
        }
        return new Loss(sum / y.length, (double) right / y.length);
    }

    Loss trainLoss() { return loss(trainX, trainY); }

    Loss testLoss() { return loss(testX, testY); }

    /** What the page needs after a step: numbers, weights, heat maps; withData adds the points and input maps. */
    Map<String, Object> frame(boolean withData) {
        Loss tr = trainLoss(), te = testLoss();
        int[] dead = deadNeurons();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("epoch", epoch);
        f.put("trainLoss", finite(tr.loss()));
        f.put("testLoss", finite(te.loss()));
        if (config.classification()) {
            f.put("trainAccuracy", tr.accuracy());
            f.put("testAccuracy", te.accuracy());
        }
        network.feedforward(gridX, GRID * GRID);
        List<Map<String, Object>> layers = new ArrayList<>();
        List<Dense> ds = dense();
        int deadTotal = 0;
        for (int l = 0; l < ds.size(); l++) {
            Dense d = ds.get(l);
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("activation", d.activation.name());
            float[][] w = new float[d.fanOut][d.fanIn];
            for (int j = 0; j < d.fanOut; j++) for (int k = 0; k < d.fanIn; k++) w[j][k] = round(d.w()[j * d.fanIn + k], 1e4f);
            layer.put("weights", w);
            layer.put("biases", rounded(d.b(), 1e4f));
            float[][] maps = new float[d.fanOut][];
            for (int j = 0; j < d.fanOut; j++) maps[j] = thumbnail(d.a, j, d.fanOut);
            layer.put("maps", maps);
            layer.put("gradient", finite(gradientBatches == 0 ? 0 : gradientSum[l] / gradientBatches));
            layer.put("dead", dead[l]);
            deadTotal += dead[l];
            layers.add(layer);
        }
        f.put("layers", layers);
        float[] output = new float[GRID * GRID];
        float[] a = ds.getLast().a;
        for (int i = 0; i < output.length; i++) output[i] = round(a[i], 1e3f);
        f.put("output", output);
        f.put("deadNeurons", deadTotal);
        f.put("config", configJson(config));
        if (withData) {
            f.put("train", points(train));
            f.put("test", points(test));
            int nf = config.features().size();
            float[][] inputs = new float[nf][];
            for (int k = 0; k < nf; k++) inputs[k] = thumbnail(gridX, k, nf);
            f.put("inputs", inputs);
            f.put("grid", GRID);
            f.put("thumb", THUMB);
        }
        return f;
    }

    /** The setup without an uploaded CSV (which the page already has): what the URL keeps. */
    static Map<String, Object> configJson(PlaygroundConfig config) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("problem", config.problem());
        c.put("dataset", config.dataset());
        c.put("noise", config.noise());
        c.put("trainPercent", config.trainPercent());
        c.put("batchSize", config.batchSize());
        c.put("features", config.features());
        c.put("hidden", config.hidden());
        c.put("activation", config.activation());
        c.put("learningRate", config.learningRate());
        c.put("regularization", config.regularization());
        c.put("regularizationRate", config.regularizationRate());
        c.put("seed", config.seed());
        return c;
    }

    /**
     * Per dense layer, the neurons that are zero for every training point: a dead ReLU (z ≤ 0 everywhere)
     * passes no gradient, so it never comes back. Counted for relu and leaky relu hidden layers only.
     */
    int[] deadNeurons() {
        List<Dense> ds = dense();
        int[] dead = new int[ds.size()];
        if (!config.activation().contains("relu") || train.isEmpty()) return dead;
        network.feedforward(trainX, train.size());
        for (int l = 0; l < ds.size() - 1; l++) {
            Dense d = ds.get(l);
            for (int j = 0; j < d.fanOut; j++) {
                boolean alive = false;
                for (int b = 0; b < train.size() && !alive; b++) alive = d.z[b * d.fanOut + j] > 0;
                if (!alive) dead[l]++;
            }
        }
        return dead;
    }

    List<Dense> dense() {
        List<Dense> ds = new ArrayList<>();
        for (var l : network.layers) ds.add((Dense) l);
        return ds;
    }

    /** Neuron j's values over the grid (rows of cols neurons), averaged into THUMB x THUMB cells. */
    private static float[] thumbnail(float[] values, int j, int cols) {
        int f = GRID / THUMB;
        float[] t = new float[THUMB * THUMB];
        for (int r = 0; r < GRID; r++)
            for (int c = 0; c < GRID; c++) t[(r / f) * THUMB + c / f] += values[(r * GRID + c) * cols + j];
        for (int i = 0; i < t.length; i++) t[i] = round(t[i] / (f * f), 1e3f);
        return t;
    }

    /** The features of Playground's input column, point by point: x, y, x², y², xy, sin x, sin y. */
    static float[] features(List<Toy.Point> points, List<String> names) {
        int f = names.size();
        float[] x = new float[points.size() * f];
        for (int i = 0; i < points.size(); i++) {
            Toy.Point p = points.get(i);
            for (int k = 0; k < f; k++) x[i * f + k] = (float) feature(names.get(k), p.x(), p.y());
        }
        return x;
    }

    static double feature(String name, double x, double y) {
        return switch (name) {
            case "x" -> x;
            case "y" -> y;
            case "xSquared" -> x * x;
            case "ySquared" -> y * y;
            case "xTimesY" -> x * y;
            case "sinX" -> Math.sin(x);
            case "sinY" -> Math.sin(y);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static float[] labels(List<Toy.Point> points) {
        float[] y = new float[points.size()];
        for (int i = 0; i < y.length; i++) y[i] = points.get(i).label();
        return y;
    }

    private static float[][] points(List<Toy.Point> points) {
        float[][] p = new float[points.size()][];
        for (int i = 0; i < p.length; i++) p[i] = new float[] {round(points.get(i).x(), 1e3f), round(points.get(i).y(), 1e3f), round(points.get(i).label(), 1e3f)};
        return p;
    }

    /** A number for JSON, or null when training has blown up to NaN or infinity. */
    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    private static double meanAbs(float[] g) {
        double s = 0;
        for (float v : g) s += Math.abs(v);
        return g.length == 0 ? 0 : s / g.length;
    }

    private static float[] rounded(float[] v, float scale) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = round(v[i], scale);
        return r;
    }

    /** Rounds for the wire (3-4 decimals are all a heat map shows); NaN and ±∞ become 0 and ±1e6 so JSON stays valid. */
    static float round(float v, float scale) {
        if (Float.isNaN(v)) return 0f;
        if (Float.isInfinite(v) || Math.abs(v) > 1e6f) return Math.copySign(1e6f, v);
        return Math.round(v * scale) / scale;
    }
}
