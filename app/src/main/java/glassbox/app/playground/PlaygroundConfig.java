package glassbox.app.playground;

import glassbox.data.Toy;
import glassbox.engine.Activation;
import glassbox.engine.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One playground setup, as the page sends it and the URL keeps it. Missing fields take Playground's
 * defaults (circle, noise 0, 50% training data, batch 10, X1 and X2, hidden 4-2, tanh, η = 0.03).
 * Every field is checked here, so a session never sees an absurd value: each mistake is one sentence.
 *
 * @param noise         0 to 50, Playground's slider (the generator gets noise/100)
 * @param trainPercent  10 to 90: the share of the points used for training, the rest tests
 * @param hidden        neurons per hidden layer, 0 to 6 layers of 1 to 8
 * @param csv           for dataset "upload": the points as "x,y,label" lines
 */
public record PlaygroundConfig(String problem, String dataset, Integer noise, Integer trainPercent, Integer batchSize,
                               List<String> features, int[] hidden, String activation, Double learningRate,
                               String regularization, Double regularizationRate, Long seed, String csv) {

    /** The input features in Playground's order, with the names of its URL. */
    public static final List<String> FEATURES = List.of("x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY");
    public static final List<String> ACTIVATIONS = List.of("tanh", "relu", "sigmoid", "linear", "leakyrelu");
    public static final int MAX_LAYERS = 6, MAX_NEURONS = 8, MAX_UPLOAD_POINTS = 2000;
    public static final double MIN_RATE = 0.00001, MAX_RATE = 10;

    public PlaygroundConfig {
        dataset = dataset == null ? "circle" : dataset.trim();
        if (!dataset.equals("upload")) Toy.named(dataset);
        problem = problem == null ? (Toy.REGRESSION.contains(dataset) ? "regression" : "classification") : problem.trim().toLowerCase(Locale.ROOT);
        if (!problem.equals("classification") && !problem.equals("regression"))
            throw new BadInputException("the problem type must be classification or regression, not '" + problem + "'.");
        if (!dataset.equals("upload") && Toy.isClassification(dataset) != problem.equals("classification"))
            throw new BadInputException("the dataset '" + dataset + "' is a " + (Toy.isClassification(dataset) ? "classification" : "regression") + " problem, not " + problem + ".");
        noise = within(noise == null ? 0 : noise, 0, 50, "noise");
        trainPercent = within(trainPercent == null ? 50 : trainPercent, 10, 90, "share of training data (percent)");
        batchSize = within(batchSize == null ? 10 : batchSize, 1, 30, "batch size");
        features = features == null ? List.of("x", "y") : List.copyOf(features);
        for (String f : features)
            if (!FEATURES.contains(f)) throw new BadInputException("unknown feature '" + f + "': use " + String.join(", ", FEATURES) + ".");
        if (features.isEmpty()) throw new BadInputException("turn on at least one input feature.");
        if (features.stream().distinct().count() != features.size()) throw new BadInputException("each feature may be listed once.");
        features = FEATURES.stream().filter(features::contains).toList();
        hidden = hidden == null ? new int[] {4, 2} : hidden.clone();
        if (hidden.length > MAX_LAYERS) throw new BadInputException("at most " + MAX_LAYERS + " hidden layers, not " + hidden.length + ".");
        for (int n : hidden) within(n, 1, MAX_NEURONS, "number of neurons in a hidden layer");
        activation = activation == null ? "tanh" : activation.trim().toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(activation))
            throw new BadInputException("unknown activation '" + activation + "': use " + String.join(", ", ACTIVATIONS) + ".");
        learningRate = learningRate == null ? 0.03 : learningRate;
        if (!(learningRate >= MIN_RATE && learningRate <= MAX_RATE))
            throw new BadInputException("the learning rate must be between 0.00001 and 10, not " + learningRate + ".");
        regularization = regularization == null ? "none" : regularization.trim().toLowerCase(Locale.ROOT);
        if (!List.of("none", "l1", "l2").contains(regularization))
            throw new BadInputException("unknown regularisation '" + regularization + "': use none, l1 or l2.");
        regularizationRate = regularizationRate == null ? 0 : regularizationRate;
        if (!(regularizationRate >= 0 && regularizationRate <= 10))
            throw new BadInputException("the regularisation rate must be between 0 and 10, not " + regularizationRate + ".");
        seed = seed == null ? 1L : seed;
        if (dataset.equals("upload") && (csv == null || csv.isBlank()))
            throw new BadInputException("the dataset 'upload' needs its points: send them as csv, one 'x,y,label' line each.");
        if (csv != null && csv.length() > 100_000) throw new BadInputException("the uploaded CSV is larger than 100 kB; keep it to " + MAX_UPLOAD_POINTS + " points.");
    }

    /** Playground's first screen. */
    public static PlaygroundConfig defaults() { return new PlaygroundConfig(null, null, null, null, null, null, null, null, null, null, null, null, null); }

    public boolean classification() { return problem.equals("classification"); }

    public Activation hiddenActivation() { return Activation.parse(activation); }

    /** "2-4-2-1": inputs, hidden layers, the one output. */
    public String layers() {
        StringBuilder s = new StringBuilder().append(features.size());
        for (int n : hidden) s.append('-').append(n);
        return s.append("-1").toString();
    }

    /** True when other differs only in the learning rate, which Playground changes without a reset. */
    public boolean sameButLearningRate(PlaygroundConfig other) {
        return other != null && withLearningRate(other.learningRate).equals(other);
    }

    /** True when other draws the same points (same dataset, noise, split and seed). */
    public boolean sameData(PlaygroundConfig other) {
        return other != null && dataset.equals(other.dataset) && noise.equals(other.noise) && trainPercent.equals(other.trainPercent)
                && seed.equals(other.seed) && java.util.Objects.equals(csv, other.csv);
    }

    public PlaygroundConfig withLearningRate(double rate) {
        return new PlaygroundConfig(problem, dataset, noise, trainPercent, batchSize, features, hidden, activation, rate, regularization, regularizationRate, seed, csv);
    }

    public PlaygroundConfig withSeed(long newSeed) {
        return new PlaygroundConfig(problem, dataset, noise, trainPercent, batchSize, features, hidden, activation, learningRate, regularization, regularizationRate, newSeed, csv);
    }

    @Override public boolean equals(Object o) {
        return o instanceof PlaygroundConfig c && problem.equals(c.problem) && dataset.equals(c.dataset) && noise.equals(c.noise)
                && trainPercent.equals(c.trainPercent) && batchSize.equals(c.batchSize) && features.equals(c.features)
                && java.util.Arrays.equals(hidden, c.hidden) && activation.equals(c.activation) && learningRate.equals(c.learningRate)
                && regularization.equals(c.regularization) && regularizationRate.equals(c.regularizationRate) && seed.equals(c.seed)
                && java.util.Objects.equals(csv, c.csv);
    }

    @Override public int hashCode() { return java.util.Objects.hash(dataset, noise, seed, layers(), activation, learningRate); }

    /** x, y and the label of every line of an uploaded CSV ("x,y,label"; a header line is skipped). */
    public List<Toy.Point> uploadedPoints() {
        List<Toy.Point> points = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cells = line.split("[,;\\t]");
            if (cells.length < 3) throw new BadInputException("line " + (i + 1) + " of the CSV needs three values x,y,label, not '" + clip(line) + "'.");
            float x, y, label;
            try {
                x = Float.parseFloat(cells[0].trim());
                y = Float.parseFloat(cells[1].trim());
                label = Float.parseFloat(cells[2].trim());
            } catch (NumberFormatException e) {
                if (points.isEmpty() && i == 0) continue;   // a header
                throw new BadInputException("line " + (i + 1) + " of the CSV is not three numbers x,y,label: '" + clip(line) + "'.");
            }
            if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(label))
                throw new BadInputException("line " + (i + 1) + " of the CSV has a value that is not a finite number.");
            if (Math.abs(x) > Toy.DOMAIN || Math.abs(y) > Toy.DOMAIN)
                throw new BadInputException("line " + (i + 1) + " of the CSV lies outside the plot: scale x and y into [-6, 6].");
            if (classification()) {
                if (label != 1 && label != -1 && label != 0)
                    throw new BadInputException("line " + (i + 1) + " of the CSV: a classification label is 1 or -1 (or 0 for -1), not " + label + ".");
                label = label == 0 ? -1 : label;
            } else if (Math.abs(label) > 10) {
                throw new BadInputException("line " + (i + 1) + " of the CSV: a regression label must lie in [-10, 10].");
            }
            points.add(new Toy.Point(x, y, label));
            if (points.size() > MAX_UPLOAD_POINTS) throw new BadInputException("the CSV has more than " + MAX_UPLOAD_POINTS + " points.");
        }
        if (points.size() < 4) throw new BadInputException("the CSV needs at least 4 points, not " + points.size() + ".");
        return points;
    }

    private static int within(int v, int min, int max, String what) {
        if (v < min || v > max) throw new BadInputException("the " + what + " must be between " + min + " and " + max + ", not " + v + ".");
        return v;
    }

    private static String clip(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }
}
