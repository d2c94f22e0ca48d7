package glassbox.lab;

import glassbox.engine.Dataset;
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
 * 3Blue1Brown, chapter 2 (and the blog quoting it): the hope was that "the second layer picks up little edges and the
 * third pieces them into loops and longer lines". For each hidden neuron of 784-16-16-10 and 784-30-10 we
 * find the test images that excite it most and average its top 100: an edge or loop detector would show
 * that stroke in every top image whatever the digit; a digit-part detector shows one digit.
 */
public final class HiddenNeuronsDetectEdgesOrLoops implements Experiment<HiddenNeuronsDetectEdgesOrLoops.Result> {

    static final int TOP = 100, SHOWN = 8;

    /**
     * One neuron: its mean activation over the test set, the share of images where it is saturated
     * (a below 0.01 or above 0.99), the labels of its top 100 images (counts per digit), the mean of those
     * 100 images (784 floats), and its top 8 images (0..255 pixels) with their weighted inputs z.
     */
    public record Neuron(int index, double meanActivation, double saturated, int[] topLabels, int dominantDigit, double purity,
                         float[] meanTopImage, int[][] topImages, double[] topZ) {}

    /** One hidden layer of one network; weights is the first layer's maps (or empty for deeper layers). */
    public record LayerNeurons(String network, String source, int layer, List<Neuron> neurons, float[] weights) {}

    public record Result(long seed, int testImages, List<LayerNeurons> layers) {}

    @Override public String name() { return "activations"; }

    @Override public String title() { return "Do hidden neurons detect edges or loops? What excites each one"; }

    @Override public Result run(ExperimentContext lab) {
        Dataset test = lab.test();
        List<LayerNeurons> layers = new ArrayList<>();
        for (String[] m : new String[][] {{"mlp-16-16", "784-16-16-10"}, {"mlp-30", "784-30-10"}}) {
            ExperimentContext.Model model = lab.mlp(m[0], m[1], 30);
            Network net = model.network();
            int hiddenLayers = net.layers.size() - 1;
            float[][] acts = new float[hiddenLayers][];
            int[] sizes = new int[hiddenLayers];
            for (int l = 0; l < hiddenLayers; l++) { sizes[l] = ((Dense) net.layers.get(l)).fanOut; acts[l] = new float[test.size() * sizes[l]]; }
            Neurons.Favourites favourites = Neurons.favourites(net, test, TOP, (start, n, out) -> {
                for (int l = 0; l < hiddenLayers; l++) System.arraycopy(((Dense) net.layers.get(l)).a, 0, acts[l], start * sizes[l], n * sizes[l]);
            });
            for (int l = 0; l < hiddenLayers; l++) {
                List<Neuron> neurons = new ArrayList<>();
                for (int j = 0; j < sizes[l]; j++) neurons.add(neuron(j, acts[l], sizes[l], test, favourites.indices(l, j), favourites.score()[l][j]));
                layers.add(new LayerNeurons(model.name(), model.source(), l + 1, neurons, l == 0 ? ((Dense) net.layers.getFirst()).w().clone() : new float[0]));
                lab.log("activations: %s layer %d: median top-100 purity %.2f", model.name(), l + 1, medianPurity(neurons));
            }
        }
        return new Result(lab.seed, test.size(), layers);
    }

    /** A neuron's statistics over the test set, and its favourite images with their z (ranked by {@link Neurons#favourites}). */
    static Neuron neuron(int j, float[] acts, int size, Dataset test, int[] order, float[] z) {
        int n = test.size(), top = order.length;
        double sum = 0;
        int saturated = 0;
        for (int i = 0; i < n; i++) {
            float a = acts[i * size + j];
            sum += a;
            if (a < 0.01f || a > 0.99f) saturated++;
        }
        int[] labels = new int[10];
        float[] mean = new float[784];
        for (int t = 0; t < top; t++) {
            int i = order[t];
            labels[test.labels()[i]]++;
            for (int p = 0; p < 784; p++) mean[p] += test.inputs()[i * 784 + p] / top;
        }
        int dominant = 0;
        for (int d = 1; d < 10; d++) if (labels[d] > labels[dominant]) dominant = d;
        int shown = Math.min(SHOWN, top);
        int[][] images = new int[shown][];
        double[] topActs = new double[shown];
        for (int t = 0; t < shown; t++) { images[t] = Draw.toBytes(test.inputs(), order[t] * 784, 784); topActs[t] = z[t]; }
        return new Neuron(j, sum / n, (double) saturated / n, labels, dominant, (double) labels[dominant] / top, mean, images, topActs);
    }

    static double medianPurity(List<Neuron> ns) {
        double[] p = ns.stream().mapToDouble(Neuron::purity).sorted().toArray();
        return p.length % 2 == 1 ? p[p.length / 2] : (p[p.length / 2 - 1] + p[p.length / 2]) / 2;
    }

    @Override public Map<String, Object> headline(Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (LayerNeurons l : r.layers()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("neurons", l.neurons().size());
            one.put("median_top100_purity", round(medianPurity(l.neurons())));
            one.put("neurons_with_top100_over_90pct_one_digit", l.neurons().stream().filter(n -> n.purity() >= 0.9).count());
            one.put("mean_saturated_share", round(l.neurons().stream().mapToDouble(Neuron::saturated).average().orElse(0)));
            one.put("neurons_never_above_0_5", silent(l));
            h.put(l.network() + "_layer" + l.layer(), one);
        }
        return h;
    }

    /** Neurons whose largest z on the test set is below 0: σ(z) never reaches 0.5, they are (nearly) never on. */
    static long silent(LayerNeurons l) { return l.neurons().stream().filter(n -> n.topZ().length > 0 && n.topZ()[0] < 0).count(); }

    @Override public void render(Result r, Report report) {
        report.paragraph("report.activations.claim", Map.of(), "<span class=\"claim\"><span class=\"source\">" + Report.VIDEO + "</span>: <i>the second layer might pick up on little edges, the third layer would piece together "
                + "edges to recognise loops and longer lines</i>. The same chapter finds the weight maps show no such thing. Here we ask the question the other way round: "
                + "what does each hidden neuron respond to?</span>");
        report.paragraph(Draw.fmt("For every hidden neuron we ran the %,d test images through the network, sorted them by the neuron's weighted input z (the order of its activation σ(z), without the ties where σ rounds to 1), and kept the top %d. "
                + "An edge or loop detector would fire for that stroke in many different digits, so its top images would mix digits and their average would show the stroke. "
                + "A neuron that mostly fires for one digit is a digit-part detector; its <i>purity</i> is the share of its top %d that are the same digit.", r.testImages(), TOP, TOP));
        List<List<String>> rows = new ArrayList<>();
        for (LayerNeurons l : r.layers())
            rows.add(List.of(l.network(), Integer.toString(l.layer()), Integer.toString(l.neurons().size()), Draw.fmt("%.2f", medianPurity(l.neurons())),
                    Long.toString(l.neurons().stream().filter(n -> n.purity() >= 0.9).count()),
                    Draw.percent(l.neurons().stream().mapToDouble(Neuron::saturated).average().orElse(0)), Long.toString(silent(l))));
        report.table(List.of("network", "hidden layer", "neurons", "median purity of top 100", "neurons with ≥ 90% one digit", "time saturated (a < 0.01 or > 0.99)",
                "neurons never above 0.5"), rows);
        for (LayerNeurons l : r.layers()) {
            report.heading(l.network() + ", hidden layer " + l.layer());
            report.figure("top-" + l.network() + "-layer" + l.layer() + ".png", sheet(l), "One row per neuron: "
                    + (l.weights().length > 0 ? "its weight map (per-map scale, blue positive, red negative), " : "")
                    + "the average of its 100 most exciting test images, then its top 8 with their weighted input z (ranked by z, because σ(z) rounds to 1.000 for many images). "
                    + "On the right: which digits make up its top 100.");
        }
        LayerNeurons first = r.layers().getFirst();
        report.heading("report.showsTitle", "What it shows");
        LayerNeurons second = r.layers().size() > 1 ? r.layers().get(1) : first;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("first", Draw.fmt("%.2f", medianPurity(first.neurons())));
        p.put("network", first.network());
        p.put("second", Draw.fmt("%.2f", medianPurity(second.neurons())));
        p.put("saturated", Draw.percent(first.neurons().stream().mapToDouble(Neuron::saturated).average().orElse(0)));
        report.paragraph("report.activations.shows", p, Draw.fmt("Look at the averages: they are blurry whole-digit shapes in fixed places, not strokes; no row looks like an edge or loop that appears across many digits. "
                + "The median purity is %s in %s's first hidden layer and %s in its second: first-layer neurons respond to blobs shared by a few digits "
                + "(their top images mix two or three digits of similar shape in the same place), and the second layer is more digit-specific. "
                + "Neurons are saturated (activation pinned below 0.01 or above 0.99) %s of the time on average in the first layer: with N(0,1) initial weights "
                + "and the quadratic cost, sigmoid neurons act almost as on/off switches. This tests the videos' hope rather than proving a negative: "
                + "a neuron's top images show what excites it most, not everything it does.",
                p.get("first"), p.get("network"), p.get("second"), p.get("saturated")));
    }

    private static BufferedImage sheet(LayerNeurons l) {
        int px = 3, tile = 28 * px, gap = 14, n = l.neurons().size();
        boolean maps = l.weights().length > 0;
        int columns = SHOWN + 1 + (maps ? 1 : 0), left = 60, top = 70, rowH = tile + 26, labelsW = 300;
        int width = left + columns * (tile + gap) + 30 + labelsW, height = top + n * rowH + 20;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, Draw.fmt("%s, hidden layer %d: what excites each neuron", l.network(), l.layer()), width / 2.0, 26, 17, true, 0);
        int x0 = left;
        if (maps) { Draw.text(g, "weights", x0 + tile / 2.0, top - 10, 12, true, 0); x0 += tile + gap; }
        Draw.text(g, "top-100 mean", x0 + tile / 2.0, top - 10, 12, true, 0);
        Draw.text(g, "top 8 test images (weighted input z)", x0 + tile + gap + SHOWN * (tile + gap) / 2.0, top - 10, 13, true, 0);
        int lx = left + columns * (tile + gap) + 20;
        Draw.text(g, "top 100 by digit (purity)", lx + 100, top - 10, 13, true, 0);
        for (int j = 0; j < n; j++) {
            Neuron ne = l.neurons().get(j);
            int y = top + j * rowH, x = left;
            g.setColor(Draw.INK);
            Draw.text(g, "#" + j, left - 10, y + tile / 2.0 + 5, 14, true, 1);
            if (maps) { Draw.weightMap(g, l.weights(), j * 784, Draw.maxAbs(l.weights(), j * 784, 784), x, y, px); x += tile + gap; }
            Draw.digit(g, ne.meanTopImage(), 0, x, y, px);
            x += tile + gap;
            for (int t = 0; t < ne.topImages().length; t++) {
                Draw.digit(g, Draw.unbyte(ne.topImages()[t]), 0, x + t * (tile + gap), y, px);
                g.setColor(Draw.MUTED);
                Draw.text(g, Draw.fmt("z = %.1f", ne.topZ()[t]), x + t * (tile + gap) + tile / 2.0, y + tile + 14, 11, false, 0);
            }
            int bw = 20, bh = tile - 20;
            for (int d = 0; d < 10; d++) {
                int h = (int) Math.round(bh * ne.topLabels()[d] / (double) TOP);
                g.setColor(d == ne.dominantDigit() ? Chart.PALETTE[0] : new java.awt.Color(170, 170, 170));
                g.fillRect(lx + d * bw, y + bh - h, bw - 3, Math.max(1, h));
                g.setColor(Draw.INK);
                Draw.text(g, Integer.toString(d), lx + d * bw + bw / 2.0 - 1, y + bh + 13, 11, false, 0);
            }
            Draw.text(g, Draw.fmt("%d: %.0f%%", ne.dominantDigit(), 100 * ne.purity()), lx + 10 * bw + 8, y + bh / 2.0 + 5, 13, true, -1);
        }
        g.dispose();
        return img;
    }
}
