package glassbox.lab;

import glassbox.engine.Activation;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Dense;
import glassbox.engine.Initializer;
import glassbox.engine.Network;
import glassbox.engine.Regularization;
import glassbox.engine.TrainingListener;
import glassbox.engine.TrainingSettings;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static glassbox.lab.Experiment.round;

/**
 * The blog ("WTH does a neural network even learn?"): "I trained two networks, one without regularisation using the same old np.random.randn(), the
 * other with regularisation and np.random.randn()/sqrt(n)" and the weight maps look strikingly different.
 * We train 784-30-10 four ways (N(0,1) or N(0,1/n) initial weights, with or without L2) and show the
 * accuracy curves and the weight maps side by side, with a number for what the eye sees.
 */
public final class GoodInitAndL2SmoothTheWeights implements Experiment<GoodInitAndL2SmoothTheWeights.Result> {

    /**
     * One training run: test accuracy per epoch, the first-layer maps (30 x 784), the root-mean-square
     * weight on pixels that are blank in every training image and on the others, and the neighbour
     * correlation of the maps (1 smooth, 0 noise).
     */
    public record Run(String name, String init, double lambda, double[] testAccuracy, double finalAccuracy, double seconds,
                      double rmsBlankPixels, double rmsInkedPixels, double neighbourCorrelation, float[] firstLayer) {}

    public record Result(long seed, int hidden, int epochs, int trainingImages, int testImages, String cost, float learningRate, int batchSize,
                         double lambda, int blankPixels, List<Run> runs) {}

    @Override public String name() { return "init"; }

    @Override public String title() { return "Good initial weights and L2 regularisation change what the weights look like"; }

    @Override public Result run(ExperimentContext lab) {
        int epochs = lab.quick ? 1 : 15, hidden = 30;
        float lambda = 5f, eta = 0.5f;
        Dataset training = lab.training(), test = lab.test();
        boolean[] blank = blankPixels(training);
        int blanks = 0;
        for (boolean b : blank) if (b) blanks++;
        List<Run> runs = new ArrayList<>();
        for (Initializer init : new Initializer[] {Initializer.NORMAL, Initializer.SCALED})
            for (double l : new double[] {0, lambda}) {
                String name = (init == Initializer.NORMAL ? "N(0,1)" : "N(0,1/n)") + (l > 0 ? " + L2" : "");
                TrainingSettings s = TrainingSettings.defaults().withEpochs(epochs).withLearningRate(eta).withSeed(lab.seed)
                        .withRegularization(l > 0 ? Regularization.l2((float) l) : Regularization.NONE);
                double[] curve = new double[epochs];
                long t0 = System.nanoTime();
                Network net = lab.train("784-" + hidden + "-10", new Activation.Sigmoid(), new Cost.CrossEntropy(), init, s, training, test, "init " + name,
                        new TrainingListener() { @Override public void onEpoch(Epoch e) { curve[e.epoch() - 1] = e.testAccuracy(); } });
                double seconds = (System.nanoTime() - t0) / 1e9;
                float[] w = ((Dense) net.layers.getFirst()).w().clone();
                runs.add(new Run(name, init.id, l, curve, curve[epochs - 1], Math.round(seconds * 10) / 10.0, rms(w, hidden, blank, true), rms(w, hidden, blank, false),
                        WeightMapsLookLikeNoise.neighbourCorrelation(w, hidden), w));
            }
        return new Result(lab.seed, hidden, epochs, training.size(), test.size(), "cross-entropy", eta, 10, lambda, blanks, runs);
    }

    /** Pixels that are 0 in every training image: their weights never receive a gradient from the data. */
    static boolean[] blankPixels(Dataset d) {
        boolean[] blank = new boolean[784];
        java.util.Arrays.fill(blank, true);
        for (int i = 0; i < d.size(); i++)
            for (int p = 0; p < 784; p++) if (d.inputs()[i * 784 + p] != 0) blank[p] = false;
        return blank;
    }

    static double rms(float[] w, int maps, boolean[] blank, boolean onBlank) {
        double s = 0;
        int n = 0;
        for (int m = 0; m < maps; m++)
            for (int p = 0; p < 784; p++) if (blank[p] == onBlank) { s += w[m * 784 + p] * w[m * 784 + p]; n++; }
        return n == 0 ? 0 : Math.sqrt(s / n);
    }

    @Override public Map<String, Object> headline(Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (Run run : r.runs())
            h.put(run.name(), Map.of("test_accuracy", round(run.finalAccuracy()), "rms_weight_blank_pixels", round(run.rmsBlankPixels()),
                    "neighbour_correlation", round(run.neighbourCorrelation())));
        h.put("epochs", r.epochs());
        return h;
    }

    @Override public void render(Result r, Report report) {
        report.paragraph("report.init.claim", Map.of(), "<span class=\"claim\"><span class=\"source\">" + Report.BLOG + "</span>: <i>just regularising your network and using a good initialisation for the weights can make a huge difference.</i> "
                + "One network trained with the old np.random.randn() and no regularisation, one with regularisation and np.random.randn()/sqrt(n): "
                + "the weight maps look strikingly different.</span>");
        report.paragraph(Draw.fmt("We trained 784-%d-10 (sigmoid, %s cost, learning rate %.1f, mini-batches of %d, %d epochs on %,d images) four ways: "
                + "initial weights N(0,1) or N(0,1/n) with n = 784 inputs, each with and without L2 regularisation (λ = %.1f, Nielsen's λ/2n Σw² added to the cost). "
                + "All four start from the same seed. %d of the 784 pixels are blank in every training image; a weight from such a pixel gets no gradient from the data, "
                + "so without L2 it keeps its random initial value for ever.", r.hidden(), r.cost(), r.learningRate(), r.batchSize(), r.epochs(), r.trainingImages(),
                r.lambda(), r.blankPixels()));
        report.figure("curves.png", curves(r), "Test accuracy after each epoch for the four runs.");
        List<List<String>> rows = new ArrayList<>();
        for (Run run : r.runs())
            rows.add(List.of(run.name(), "<b>" + Draw.percent(run.finalAccuracy()) + "</b>", Draw.fmt("%.3f", run.rmsBlankPixels()), Draw.fmt("%.3f", run.rmsInkedPixels()),
                    Draw.fmt("%.3f", run.neighbourCorrelation()), Draw.fmt("%.1f", run.seconds())));
        report.table(List.of("run", "final test accuracy", "rms weight on blank pixels", "rms weight on inked pixels", "neighbour correlation", "seconds"), rows);
        report.figure("maps.png", maps(r), "The same eight first-layer neurons (#0-#7) of each run, one column per run, per-map colour scale (max |w| printed under each). "
                + "Same seed, so each run starts from the same random pattern (scaled down by √784 = 28 for N(0,1/n)).");
        report.figure("maps-shared.png", mapsShared(r), "The same maps on one shared scale per run (±max |w| of that run's eight maps), to compare magnitudes within a run.");
        Run a = r.runs().getFirst(), d = r.runs().getLast();
        report.heading("report.showsTitle", "What it shows");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rmsBefore", Draw.fmt("%.2f", a.rmsBlankPixels()));
        p.put("rmsAfter", Draw.fmt("%.3f", d.rmsBlankPixels()));
        p.put("smooth", Draw.fmt("%.2f", d.neighbourCorrelation()));
        p.put("rough", Draw.fmt("%.2f", a.neighbourCorrelation()));
        p.put("accuracy", Draw.percent(d.finalAccuracy()));
        p.put("oldAccuracy", Draw.percent(a.finalAccuracy()));
        report.paragraph("report.init.shows", p, Draw.fmt("The blog's picture is reproduced and explained. With N(0,1) and no L2 the maps are speckled all over: the border pixels keep their "
                + "random start (rms %s on blank pixels, what N(0,1) gives) and the inked middle is noise plus a faint pattern. With N(0,1/n) and L2 the blank pixels decay "
                + "to almost nothing (rms %s) and the maps become smooth blobs (neighbour correlation %s against %s), and the accuracy is %s against %s. "
                + "Each half of the recipe does part of the work: L2 is what clears the border; the scaled start mostly speeds up learning.",
                p.get("rmsBefore"), p.get("rmsAfter"), p.get("smooth"), p.get("rough"), p.get("accuracy"), p.get("oldAccuracy")));
    }

    private static BufferedImage curves(Result r) {
        List<Chart.Series> s = new ArrayList<>();
        double[] x = new double[r.epochs()];
        for (int e = 0; e < x.length; e++) x[e] = e + 1;
        double lo = 1;
        for (int i = 0; i < r.runs().size(); i++) {
            Run run = r.runs().get(i);
            s.add(new Chart.Series(run.name(), x, run.testAccuracy(), null, Chart.PALETTE[i], Chart.Style.LINE));
            for (double v : run.testAccuracy()) lo = Math.min(lo, v);
        }
        double yMin = Math.max(0, Math.floor(lo * 20) / 20 - 0.02);
        return Chart.draw(new Chart.Axes("Test accuracy per epoch, four ways to start and train", "epoch", "test accuracy", 0.5, r.epochs() + 0.5, yMin, 1, null, true), s, 900, 480);
    }

    private static BufferedImage maps(Result r) { return grid(r, false); }

    private static BufferedImage mapsShared(Result r) { return grid(r, true); }

    private static BufferedImage grid(Result r, boolean shared) {
        int px = 3, tile = 28 * px, cellW = tile + 60, cellH = tile + 30, shown = Math.min(8, r.hidden()), cols = r.runs().size();
        int left = 60, top = shared ? 88 : 70, width = left + cols * cellW + 20, height = top + shown * cellH + 80;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, "First-layer weight maps, side by side" + (shared ? " (one scale per run)" : " (scale per map)"), width / 2.0, 26, 17, true, 0);
        for (int c = 0; c < cols; c++) {
            Run run = r.runs().get(c);
            double runMax = Draw.maxAbs(run.firstLayer(), 0, shown * 784);
            g.setColor(Draw.INK);
            Draw.text(g, run.name(), left + c * cellW + tile / 2.0, top - 14, 15, true, 0);
            if (shared) Draw.text(g, Draw.fmt("scale ±%.2f", runMax), left + c * cellW + tile / 2.0, top - 34, 12, false, 0);
            for (int k = 0; k < shown; k++) {
                int x = left + c * cellW, y = top + k * cellH;
                double max = shared ? runMax : Draw.maxAbs(run.firstLayer(), k * 784, 784);
                Draw.weightMap(g, run.firstLayer(), k * 784, max, x, y, px);
                g.setColor(Draw.MUTED);
                if (!shared) Draw.text(g, Draw.fmt("%.2f", max), x + tile + 4, y + tile / 2.0 + 5, 12, false, -1);
            }
        }
        g.setColor(Draw.INK);
        for (int k = 0; k < shown; k++) Draw.text(g, "#" + k, left - 10, top + k * cellH + tile / 2.0 + 5, 14, true, 1);
        Draw.colorBar(g, width / 2 - 150, height - 62, 300, 14, "−max", "+max",
                shared ? "one scale per run: ±(max |w| over its 8 maps, printed at the top)" : "scale per map: ±(max |w| of that map, printed beside it)");
        g.dispose();
        return img;
    }
}
