package glassbox.lab;

import glassbox.engine.Dense;
import glassbox.engine.Network;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static glassbox.lab.Experiment.round;

/**
 * 3Blue1Brown, chapter 2: "these weight maps have no clear edge features at all, but loose, nearly random blurry textures";
 * the blog: the output neurons' strongest blue and red hidden features ("Lego bricks", e.g. for '0' the
 * indices 3, 6, 26 and 5, 18, 22) "make no sense". We draw every map of 784-16-16-10 and 784-30-10 and
 * measure how smooth they are (the correlation of neighbouring weights: an edge detector is smooth, noise is 0).
 */
public final class WeightMapsLookLikeNoise implements Experiment<WeightMapsLookLikeNoise.Result> {

    /** For one output digit: the hidden neurons with the three largest and three most negative weights. */
    public record Bricks(int digit, int[] positive, double[] positiveWeights, int[] negative, double[] negativeWeights) {}

    /**
     * One network's maps: firstLayer (h1 x 784, w[j*784+k]); effectiveSecond (h2 x 784) = W2·W1, the second
     * layer's maps seen through the first, ignoring σ and biases; outputWeights (10 x hLast);
     * effectiveOutput (10 x 784) = W_out·...·W1, same approximation.
     */
    public record Maps(String name, String architecture, String source, double testAccuracy, int hidden1, int hidden2,
                       float[] firstLayer, float[] effectiveSecond, float[] outputWeights, float[] effectiveOutput,
                       List<Bricks> bricks, double neighbourCorrelation, double neighbourCorrelationAtInit) {}

    public record Result(long seed, List<Maps> networks) {}

    @Override public String name() { return "weights"; }

    @Override public String title() { return "What the hidden neurons look for: weight maps look like noise, not edges"; }

    @Override public Result run(ExperimentContext lab) {
        List<Maps> maps = new ArrayList<>();
        for (String[] m : new String[][] {{"mlp-16-16", "784-16-16-10"}, {"mlp-30", "784-30-10"}}) {
            ExperimentContext.Model model = lab.mlp(m[0], m[1], 30);
            maps.add(maps(model, lab.seed));
        }
        return new Result(lab.seed, maps);
    }

    static Maps maps(ExperimentContext.Model model, long seed) {
        Network net = model.network();
        List<Dense> dense = net.layers.stream().map(l -> (Dense) l).toList();
        Dense first = dense.getFirst(), out = dense.getLast();
        List<float[]> effective = Neurons.effectiveMaps(net);
        float[] w1 = effective.getFirst(), effective2 = dense.size() > 2 ? effective.get(1) : new float[0], effectiveOut = effective.getLast();
        List<Bricks> bricks = new ArrayList<>();
        int hLast = out.fanIn;
        for (int d = 0; d < 10; d++) {
            Integer[] order = new Integer[hLast];
            for (int k = 0; k < hLast; k++) order[k] = k;
            final int digit = d;
            Arrays.sort(order, (a, b) -> Float.compare(out.w()[digit * hLast + b], out.w()[digit * hLast + a]));
            int n = Math.min(3, hLast);
            int[] pos = new int[n], neg = new int[n];
            double[] pw = new double[n], nw = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = order[i]; pw[i] = out.w()[d * hLast + pos[i]];
                neg[i] = order[hLast - 1 - i]; nw[i] = out.w()[d * hLast + neg[i]];
            }
            bricks.add(new Bricks(d, pos, pw, neg, nw));
        }
        Network fresh = Network.create(net.architecture, glassbox.engine.Initializer.NORMAL, seed);
        return new Maps(model.name(), net.architecture.layers(), model.source(), model.testAccuracy(), first.fanOut,
                dense.size() > 2 ? dense.get(1).fanOut : 0, w1, effective2, out.w().clone(), effectiveOut, bricks,
                neighbourCorrelation(w1, first.fanOut), neighbourCorrelation(((Dense) fresh.layers.getFirst()).w(), first.fanOut));
    }

    /**
     * The mean, over maps, of the correlation between each weight and its right and lower neighbours:
     * near 1 for smooth strokes or edges, near 0 for independent noise.
     */
    static double neighbourCorrelation(float[] maps, int count) {
        double total = 0;
        for (int m = 0; m < count; m++) {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            int n = 0;
            for (int r = 0; r < 28; r++)
                for (int c = 0; c < 28; c++)
                    for (int[] d : new int[][] {{0, 1}, {1, 0}}) {
                        int r2 = r + d[0], c2 = c + d[1];
                        if (r2 >= 28 || c2 >= 28) continue;
                        double x = maps[m * 784 + r * 28 + c], y = maps[m * 784 + r2 * 28 + c2];
                        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; n++;
                    }
            double cov = sxy / n - sx / n * sy / n, vx = sxx / n - sx / n * sx / n, vy = syy / n - sy / n * sy / n;
            total += cov / Math.sqrt(vx * vy + 1e-12);
        }
        return total / count;
    }

    @Override public Map<String, Object> headline(Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (Maps m : r.networks()) {
            h.put(m.name() + "_test_accuracy", round(m.testAccuracy()));
            h.put(m.name() + "_neighbour_correlation", round(m.neighbourCorrelation()));
            h.put(m.name() + "_neighbour_correlation_at_init", round(m.neighbourCorrelationAtInit()));
        }
        h.put("mlp-30_digit0_bricks", Map.of("positive", r.networks().getLast().bricks().getFirst().positive(),
                "negative", r.networks().getLast().bricks().getFirst().negative()));
        return h;
    }

    @Override public void render(Result r, Report report) {
        report.paragraph("report.weights.claim", Map.of(), "<span class=\"claim\">The videos hoped the first hidden layer would find little edges and the second would join them into loops. "
                + "<span class=\"source\">" + Report.VIDEO + "</span> reports what the maps really look like: <i>no clear edge features, loose, nearly random blurry textures</i>. "
                + "<span class=\"source\">" + Report.BLOG + "</span> tried to build digits from the output neurons' strongest features like Lego bricks and found they <i>make no sense</i>.</span>");
        report.paragraph("Each hidden neuron computes σ(w·a + b) over the 784 pixels, so its 784 weights can be laid out as a 28x28 picture: "
                + "<b style=\"color:#2882ff\">blue</b> pixels push the neuron on when inked, <b style=\"color:#e02d23\">red</b> ones push it off, and brighter means a larger weight (black is zero). "
                + "We also measure smoothness: the correlation between each weight and its neighbour, averaged over the maps. A stroke or edge detector would be close to 1; "
                + "independent random noise is 0.");
        List<List<String>> rows = new ArrayList<>();
        for (Maps m : r.networks())
            rows.add(List.of(m.name(), m.architecture(), m.source(), Draw.percent(m.testAccuracy()), Draw.fmt("%.3f", m.neighbourCorrelationAtInit()),
                    Draw.fmt("%.3f", m.neighbourCorrelation())));
        report.table(List.of("network", "layers", "where from", "test accuracy", "neighbour correlation at N(0,1) init", "after training"), rows);

        for (Maps m : r.networks()) {
            report.heading(m.architecture() + ": first hidden layer");
            String[] labels = new String[m.hidden1()];
            for (int i = 0; i < labels.length; i++) labels[i] = "#" + i;
            report.figure("layer1-" + m.name() + ".png", Draw.mapGrid(m.architecture() + ": the 784 weights into each first-layer neuron",
                    m.firstLayer(), m.hidden1(), labels, m.hidden1() > 16 ? 10 : 8, 4, null),
                    Draw.fmt("Each tile is one neuron's 784 incoming weights as a 28x28 picture, per-map colour scale. Neighbour correlation %.3f "
                            + "(%.3f for the random weights the training started from): the maps are smoother than the start but show no edges or loops. "
                            + "The speckled frame is pixels that are blank in (almost) every training image: their weights never get a gradient and keep their random start.",
                            m.neighbourCorrelation(), m.neighbourCorrelationAtInit()));
            if (m.hidden2() > 0) {
                String[] l2 = new String[m.hidden2()];
                for (int i = 0; i < l2.length; i++) l2[i] = "#" + i;
                report.figure("layer2-effective-" + m.name() + ".png", Draw.mapGrid(m.architecture() + ": second-layer neurons seen through the first (W2·W1)",
                        m.effectiveSecond(), m.hidden2(), l2, 8, 4, null),
                        "A second-layer neuron sees pixels only through the first layer. Ignoring σ and the biases, its effective map is the sum of the first-layer maps "
                        + "weighted by its 16 weights (W2·W1). A linear approximation: it shows which pixels push the neuron up or down when the first layer is not saturated.");
            }
            report.figure("output-weights-" + m.name() + ".png", outputWeights(m),
                    "Each row is one output digit's weights over the last hidden layer's neurons (a shared colour scale; the number in each cell is the weight). "
                    + "The boxes mark the three strongest positive and three strongest negative weights, the bricks drawn below.");
            report.figure("bricks-" + m.name() + ".png", bricks(m),
                    "Lego bricks: for each digit, its effective map over the pixels (left, the product of all weight matrices, σ ignored), then the three hidden features it likes most "
                    + "(blue weights) and the three it dislikes most (red weights), each with its index and weight. Per-map colour scale.");
            List<List<String>> b = new ArrayList<>();
            for (Bricks k : m.bricks())
                b.add(List.of(Integer.toString(k.digit()), Arrays.toString(k.positive()), Arrays.toString(k.negative())));
            report.table(List.of("digit", "strongest positive (blue) hidden neurons", "strongest negative (red)"), b);
        }
        report.heading("report.showsTitle", "What it shows");
        report.paragraph("report.weights.shows", Map.of(), "The video's and the blog's finding holds here: the trained maps are blobs with scattered bright spots in the middle of the image and untouched random speckle at the border, "
                + "not edges or loops. The bricks chosen for each digit are not parts of that digit one could name; a digit is recognised by a weighted vote of many such "
                + "blobs, likes and dislikes together. Note the index numbers themselves mean nothing: a different seed gives different neurons.");
    }

    private static BufferedImage outputWeights(Maps m) {
        int h = m.outputWeights().length / 10, cell = Math.max(34, Math.min(60, 900 / h));
        int left = 90, top = 60, width = left + h * cell + 40, height = top + 10 * cell + 130;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        double max = Draw.maxAbs(m.outputWeights(), 0, m.outputWeights().length);
        Draw.text(g, m.architecture() + ": output neurons' weights over hidden neurons", width / 2.0, 28, 17, true, 0);
        for (int d = 0; d < 10; d++) {
            g.setColor(Draw.INK);
            Draw.text(g, Integer.toString(d), left - 14, top + d * cell + cell / 2.0 + 6, 16, true, 1);
            Bricks b = m.bricks().get(d);
            for (int k = 0; k < h; k++) {
                float w = m.outputWeights()[d * h + k];
                g.setColor(Draw.signed(w, max));
                g.fillRect(left + k * cell, top + d * cell, cell - 1, cell - 1);
                g.setColor(Math.abs(w) / max > 0.55 ? java.awt.Color.WHITE : new java.awt.Color(200, 200, 200));
                Draw.text(g, Draw.fmt("%.1f", w), left + k * cell + cell / 2.0, top + d * cell + cell / 2.0 + 4, 10, false, 0);
                boolean marked = false;
                for (int p : b.positive()) marked |= p == k;
                for (int p : b.negative()) marked |= p == k;
                if (marked) {
                    g.setColor(new java.awt.Color(255, 200, 0));
                    g.setStroke(new java.awt.BasicStroke(2.5f));
                    g.drawRect(left + k * cell + 1, top + d * cell + 1, cell - 4, cell - 4);
                }
            }
        }
        g.setColor(Draw.INK);
        for (int k = 0; k < h; k++) Draw.text(g, Integer.toString(k), left + k * cell + cell / 2.0, top + 10 * cell + 16, 12, false, 0);
        Draw.text(g, "hidden neuron (last hidden layer)", left + h * cell / 2.0, top + 10 * cell + 36, 14, false, 0);
        Draw.verticalText(g, "output digit", 24, top + 5 * cell, 14);
        Draw.colorBar(g, width / 2 - 150, height - 62, 300, 14, Draw.fmt("−%.2f", max), Draw.fmt("+%.2f", max), "one shared scale for the whole table");
        g.dispose();
        return img;
    }

    private static BufferedImage bricks(Maps m) {
        int px = 3, tile = 28 * px, cellW = tile + 20, cellH = tile + 40, left = 50, top = 70, gap = 24;
        int width = left + 7 * cellW + 2 * gap + 20, height = top + 10 * cellH + 80;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, m.architecture() + ": each digit's map and its strongest hidden features", width / 2.0, 26, 17, true, 0);
        Draw.text(g, "digit's map", left + cellW / 2.0, top - 12, 13, true, 0);
        Draw.text(g, "likes most (blue weight)", left + cellW + gap + 1.5 * cellW, top - 12, 13, true, 0);
        Draw.text(g, "dislikes most (red weight)", left + 4 * cellW + 2 * gap + 1.5 * cellW, top - 12, 13, true, 0);
        boolean deep = m.hidden2() > 0;
        float[] features = deep ? m.effectiveSecond() : m.firstLayer();
        for (int d = 0; d < 10; d++) {
            Bricks b = m.bricks().get(d);
            int y = top + d * cellH;
            g.setColor(Draw.INK);
            Draw.text(g, Integer.toString(d), 24, y + tile / 2.0 + 8, 22, true, 0);
            Draw.weightMap(g, m.effectiveOutput(), d * 784, Draw.maxAbs(m.effectiveOutput(), d * 784, 784), left + 10, y, px);
            for (int i = 0; i < b.positive().length; i++) {
                int x = left + cellW + gap + i * cellW + 10, k = b.positive()[i];
                Draw.weightMap(g, features, k * 784, Draw.maxAbs(features, k * 784, 784), x, y, px);
                g.setColor(Draw.INK);
                Draw.text(g, Draw.fmt("#%d  %+.1f", k, b.positiveWeights()[i]), x + tile / 2.0, y + tile + 15, 12, false, 0);
            }
            for (int i = 0; i < b.negative().length; i++) {
                int x = left + 4 * cellW + 2 * gap + i * cellW + 10, k = b.negative()[i];
                Draw.weightMap(g, features, k * 784, Draw.maxAbs(features, k * 784, 784), x, y, px);
                g.setColor(Draw.INK);
                Draw.text(g, Draw.fmt("#%d  %+.1f", k, b.negativeWeights()[i]), x + tile / 2.0, y + tile + 15, 12, false, 0);
            }
        }
        g.setColor(Draw.INK);
        Draw.colorBar(g, width / 2 - 150, height - 62, 300, 14, "−max", "+max",
                deep ? "per map; features of the 2nd hidden layer drawn as W2·W1" : "scale per map: ±(max |w| of that map)");
        g.dispose();
        return img;
    }
}
