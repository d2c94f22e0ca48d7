package glassbox.lab;

import glassbox.engine.Activation;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Initializer;
import glassbox.engine.Kernels;
import glassbox.engine.Network;
import glassbox.engine.TrainingSettings;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static glassbox.lab.Experiment.round;

/**
 * 3Blue1Brown, chapter 2: fed pure random noise, the network "confidently outputs a digit, e.g. the neuron for 5 at 0.92,
 * almost the same confidence as for a real 5". We feed uniform, Gaussian and salt-and-pepper noise at
 * several densities, measure the top output and the chosen digit against real test digits, then measure
 * two ways to answer "I don't know": a confidence threshold, and an 11th "not a digit" class.
 */
public final class NoiseFoolsTheNetwork implements Experiment<NoiseFoolsTheNetwork.Result> {

    /** A kind of noise at one level: uniform and salt-and-pepper at a density (fraction of pixels), Gaussian at a σ. */
    public record Setting(String kind, double level) {
        String label() { return kind.equals("gaussian") ? Draw.fmt("gaussian σ=%.2f", level) : Draw.fmt("%s %.0f%%", kind.equals("uniform") ? kind : "salt & pepper", 100 * level); }
    }

    /**
     * What the network did with a set of images: the top output's mean, median, share above 0.9 and
     * maximum, a 20-bin histogram of the top output (bins of 0.05), how often each digit was chosen, and
     * one sample image (0..255) with its ten outputs.
     */
    public record Reading(String kind, double level, int images, double meanTop, double medianTop, double shareAbove09,
                          double maxTop, int[] topHistogram, int[] chosen, int[] sample, float[] sampleOutputs) {}

    /** Rejecting when the top output is below threshold: the share of noise rejected, of real digits rejected, and accuracy on the kept digits. */
    public record Threshold(double threshold, double noiseRejected, double realRejected, double keptAccuracy) {}

    /** The noise image the network was surest about, with its outputs. */
    public record MostConfident(String kind, double level, int[] pixels, float[] outputs) {}

    /**
     * One network's readings; fives counts the noise images answered 5, fivesAbove092 those among them whose
     * output for 5 reaches the videos' 0.92, and highestFive the largest output for 5 on any noise image so answered.
     */
    public record ModelReadings(String name, String source, double testAccuracy, Reading real, List<Reading> noise,
                                List<Threshold> thresholds, MostConfident mostConfident, int noiseImages, int fives, int fivesAbove092, double highestFive) {}

    /** The 11-output network trained with noise labelled "not a digit": its accuracy and what it rejects, per setting. */
    public record RejectClass(String layers, String recipe, int digitsTrained, int noiseTrained, List<String> kindsTrained, int epochs, double seconds,
                              double realAccuracy, double baselineAccuracy, double realRejected, List<Setting> settings, double[] rejected, List<Boolean> seenInTraining) {}

    public record Result(long seed, int imagesPerSetting, List<Setting> settings, List<ModelReadings> models, RejectClass rejectClass) {}

    static final List<Setting> SETTINGS = List.of(new Setting("uniform", 0.1), new Setting("uniform", 0.25), new Setting("uniform", 0.5),
            new Setting("uniform", 1.0), new Setting("gaussian", 0.1), new Setting("gaussian", 0.25), new Setting("gaussian", 0.5),
            new Setting("salt-and-pepper", 0.05), new Setting("salt-and-pepper", 0.1), new Setting("salt-and-pepper", 0.2),
            new Setting("salt-and-pepper", 0.5));

    @Override public String name() { return "noise"; }

    @Override public String title() { return "Pure noise is read as a confident digit (the \"5 at 0.92\")"; }

    /** One noise image (see {@link Noise#fill}). */
    static void noise(Setting s, Random random, float[] x, int offset) { Noise.fill(s.kind(), s.level(), random, x, offset); }

    static float[] noiseImages(Setting s, int n, Random random) {
        float[] x = new float[n * 784];
        for (int b = 0; b < n; b++) noise(s, random, x, b * 784);
        return x;
    }

    @Override public Result run(ExperimentContext lab) {
        int n = lab.quick ? 100 : 2000;
        Dataset test = lab.test();
        List<ModelReadings> models = new ArrayList<>();
        for (String[] m : new String[][] {{"mlp-16-16", "784-16-16-10"}, {"mlp-30", "784-30-10"}}) {
            ExperimentContext.Model model = lab.mlp(m[0], m[1], 30);
            Network net = model.network();
            float[] realOut = outputs(net, test.inputs(), test.size(), 10);
            Reading real = reading("real test digits", 0, test.inputs(), realOut, test.size(), 10);
            List<Reading> noise = new ArrayList<>();
            List<float[]> noiseOuts = new ArrayList<>(), noiseIns = new ArrayList<>();
            Random random = new Random(lab.seed);
            for (Setting s : SETTINGS) {
                float[] x = noiseImages(s, n, random), out = outputs(net, x, n, 10);
                noise.add(reading(s.kind(), s.level(), x, out, n, 10));
                noiseOuts.add(out);
                noiseIns.add(x);
            }
            List<Threshold> thresholds = new ArrayList<>();
            for (int t = 0; t <= 100; t++) thresholds.add(threshold(t / 100.0, realOut, test.labels(), noiseOuts, 10));
            int bestSetting = 0, bestImage = 0, fives = 0, fivesAbove = 0;
            float best = -1, highestFive = 0;
            for (int s = 0; s < SETTINGS.size(); s++)
                for (int b = 0; b < n; b++) {
                    int answer = Kernels.argmax(noiseOuts.get(s), b * 10, 10);
                    float top = noiseOuts.get(s)[b * 10 + answer];
                    if (top > best) { best = top; bestSetting = s; bestImage = b; }
                    if (answer == 5) { fives++; if (top >= 0.92f) fivesAbove++; highestFive = Math.max(highestFive, top); }
                }
            MostConfident mc = new MostConfident(SETTINGS.get(bestSetting).kind(), SETTINGS.get(bestSetting).level(),
                    Draw.toBytes(noiseIns.get(bestSetting), bestImage * 784, 784), Arrays.copyOfRange(noiseOuts.get(bestSetting), bestImage * 10, bestImage * 10 + 10));
            lab.log("noise: %s reads noise with mean top output %.2f (real digits %.2f)", m[0], mean(noise), real.meanTop());
            models.add(new ModelReadings(model.name(), model.source(), model.testAccuracy(), real, noise, thresholds, mc, n * SETTINGS.size(), fives, fivesAbove, highestFive));
        }
        return new Result(lab.seed, n, SETTINGS, models, rejectClass(lab, n));
    }

    private static double mean(List<Reading> rs) {
        return rs.stream().mapToDouble(r -> r.meanTop() * r.images()).sum() / rs.stream().mapToInt(Reading::images).sum();
    }

    /** Trains 784-30-11 on the digits plus uniform and salt-and-pepper noise labelled 10; Gaussian noise stays unseen. */
    private static RejectClass rejectClass(ExperimentContext lab, int n) {
        Dataset digits = lab.training(), test = lab.test();
        List<String> kinds = List.of("uniform", "salt-and-pepper");
        List<Setting> trainSettings = SETTINGS.stream().filter(s -> kinds.contains(s.kind())).toList();
        int perSetting = digits.size() / 5 / trainSettings.size(), noiseCount = perSetting * trainSettings.size(), total = digits.size() + noiseCount;
        float[] x = Arrays.copyOf(digits.inputs(), total * 784);
        int[] labels = Arrays.copyOf(digits.labels(), total);
        Random random = new Random(lab.seed + 1);
        int at = digits.size();
        for (Setting s : trainSettings)
            for (int i = 0; i < perSetting; i++, at++) { noise(s, random, x, at * 784); labels[at] = 10; }
        Dataset training = Dataset.classification("digits + noise", x, labels, digits.shape(), 11);
        int epochs = lab.quick ? 1 : 10;
        lab.log("noise: training 784-30-11 with a \"not a digit\" class on %,d digits + %,d noise images, %d epochs", digits.size(), noiseCount, epochs);
        long t0 = System.nanoTime();
        TrainingSettings recipe = TrainingSettings.defaults().withEpochs(epochs).withLearningRate(0.5f).withSeed(lab.seed);
        Network net = lab.train("784-30-11", new Activation.Sigmoid(), new Cost.CrossEntropy(), Initializer.SCALED, recipe, training, null, "reject-class");
        double seconds = (System.nanoTime() - t0) / 1e9;
        lab.log("noise: the same recipe without the 11th class, for comparison");
        Network baseline = lab.train("784-30-10", new Activation.Sigmoid(), new Cost.CrossEntropy(), Initializer.SCALED, recipe, digits, null, "baseline");
        double baselineAccuracy = glassbox.engine.Evaluation.of(baseline, test).accuracy();
        float[] realOut = outputs(net, test.inputs(), test.size(), 11);
        int right = 0, rejectedReal = 0;
        for (int b = 0; b < test.size(); b++) {
            int a = Kernels.argmax(realOut, b * 11, 11);
            if (a == 10) rejectedReal++;
            else if (a == test.labels()[b]) right++;
        }
        Random held = new Random(lab.seed + 2);
        double[] rejected = new double[SETTINGS.size()];
        List<Boolean> seen = new ArrayList<>();
        for (int s = 0; s < SETTINGS.size(); s++) {
            float[] out = outputs(net, noiseImages(SETTINGS.get(s), n, held), n, 11);
            int r = 0;
            for (int b = 0; b < n; b++) if (Kernels.argmax(out, b * 11, 11) == 10) r++;
            rejected[s] = (double) r / n;
            seen.add(kinds.contains(SETTINGS.get(s).kind()));
        }
        return new RejectClass("784-30-11", "sigmoid, cross-entropy cost, N(0,1/n) initial weights, learning rate 0.5, mini-batches of 10",
                digits.size(), noiseCount, kinds, epochs, Math.round(seconds * 10) / 10.0,
                (double) right / test.size(), baselineAccuracy, (double) rejectedReal / test.size(), SETTINGS, rejected, seen);
    }

    static float[] outputs(Network net, float[] x, int n, int classes) {
        float[] out = new float[n * classes];
        int chunk = 500;
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            float[] a = net.feedforward(Arrays.copyOfRange(x, start * 784, (start + m) * 784), m);
            System.arraycopy(a, 0, out, start * classes, m * classes);
        }
        return out;
    }

    static Reading reading(String kind, double level, float[] x, float[] out, int n, int classes) {
        double[] tops = new double[n];
        int[] hist = new int[20], chosen = new int[classes];
        for (int b = 0; b < n; b++) {
            int a = Kernels.argmax(out, b * classes, classes);
            tops[b] = out[b * classes + a];
            chosen[a]++;
            hist[Math.min(19, (int) (tops[b] * 20))]++;
        }
        double[] sorted = tops.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int above = 0;
        for (double t : tops) { sum += t; if (t > 0.9) above++; }
        return new Reading(kind, level, n, sum / n, sorted[n / 2], (double) above / n, sorted[n - 1], hist, chosen,
                Draw.toBytes(x, 0, 784), Arrays.copyOfRange(out, 0, classes));
    }

    static Threshold threshold(double t, float[] realOut, int[] labels, List<float[]> noiseOuts, int classes) {
        int n = labels.length, rejectedReal = 0, keptRight = 0, noiseRejected = 0, noiseTotal = 0;
        for (int b = 0; b < n; b++) {
            int a = Kernels.argmax(realOut, b * classes, classes);
            if (realOut[b * classes + a] < t) rejectedReal++;
            else if (a == labels[b]) keptRight++;
        }
        for (float[] out : noiseOuts)
            for (int b = 0; b < out.length / classes; b++) {
                noiseTotal++;
                if (out[b * classes + Kernels.argmax(out, b * classes, classes)] < t) noiseRejected++;
            }
        return new Threshold(t, (double) noiseRejected / noiseTotal, (double) rejectedReal / n,
                n == rejectedReal ? Double.NaN : (double) keptRight / (n - rejectedReal));
    }

    /** The highest threshold that rejects at most 5% of real digits. */
    static Threshold atFivePercent(List<Threshold> ts) {
        Threshold best = ts.getFirst();
        for (Threshold t : ts) if (t.realRejected() <= 0.05) best = t;
        return best;
    }

    @Override public Map<String, Object> headline(Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (ModelReadings m : r.models()) {
            int[] chosen = new int[10];
            double above = 0;
            int images = 0;
            for (Reading x : m.noise()) { for (int d = 0; d < 10; d++) chosen[d] += x.chosen()[d]; above += x.shareAbove09() * x.images(); images += x.images(); }
            int top = 0;
            for (int d = 1; d < 10; d++) if (chosen[d] > chosen[top]) top = d;
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("noise_mean_top_output", round(mean(m.noise())));
            one.put("real_mean_top_output", round(m.real().meanTop()));
            one.put("noise_share_above_0_9", round(above / images));
            one.put("noise_most_chosen_digit", top);
            one.put("noise_most_chosen_share", round((double) chosen[top] / images));
            one.put("noise_share_read_as_5", round((double) m.fives() / m.noiseImages()));
            one.put("noise_share_read_as_5_at_0_92_or_more", round((double) m.fivesAbove092() / m.noiseImages()));
            one.put("highest_5_on_noise", round(m.highestFive()));
            one.put("most_confident_noise", Map.of("digit", Kernels.argmax(m.mostConfident().outputs(), 0, 10),
                    "output", round(m.mostConfident().outputs()[Kernels.argmax(m.mostConfident().outputs(), 0, 10)])));
            Threshold t = atFivePercent(m.thresholds());
            one.put("threshold_for_5pct_real_rejected", t.threshold());
            one.put("noise_rejected_at_that_threshold", round(t.noiseRejected()));
            h.put(m.name(), one);
        }
        RejectClass rc = r.rejectClass();
        double seen = 0, unseen = 0;
        int ns = 0, nu = 0;
        for (int s = 0; s < rc.rejected().length; s++) {
            if (rc.seenInTraining().get(s)) { seen += rc.rejected()[s]; ns++; } else { unseen += rc.rejected()[s]; nu++; }
        }
        h.put("reject_class", Map.of("real_accuracy", round(rc.realAccuracy()), "same_recipe_without_it", round(rc.baselineAccuracy()), "real_rejected", round(rc.realRejected()),
                "seen_noise_rejected", round(seen / ns), "unseen_gaussian_rejected", round(unseen / nu)));
        return h;
    }

    @Override public void render(Result r, Report report) {
        report.paragraph("report.noise.claim", Map.of(), "<span class=\"claim\"><span class=\"source\">" + Report.VIDEO + "</span>: fed an image of pure random noise, the network does not say \"I don't know\". "
                + "It <i>confidently outputs a digit, e.g. the neuron for 5 at 0.92, almost the same confidence as for a real 5</i>.</span>");
        report.paragraph(Draw.fmt("We fed %,d random images of each of %d kinds of noise to the shipped sigmoid networks (784-16-16-10 and 784-30-10) "
                + "and recorded the top output (the highest of the ten output activations, which these networks use as their confidence) and the digit chosen, "
                + "beside the same for the %,d real test digits. Uniform noise: a random fraction of pixels (the density) get a grey level U(0,1), the rest stay black. "
                + "Gaussian: every pixel is 0.5 + σ·N(0,1), clipped to 0..1. Salt-and-pepper: a random fraction of pixels are white.",
                r.imagesPerSetting(), r.settings().size(), r.models().getFirst().real().images()));
        report.figure("noise-examples.png", examples(r), "One sample of each kind of noise (drawn as ink on paper, like the digits), with the answer of 784-16-16-10 "
                + "and its top output under it.");
        for (ModelReadings m : r.models()) {
            report.heading(m.name() + " (" + Draw.percent(m.testAccuracy()) + " on the test set)");
            List<List<String>> rows = new ArrayList<>();
            rows.add(row(m.real()));
            for (Reading x : m.noise()) rows.add(row(x));
            report.table(List.of("images", "mean top output", "median", "share above 0.9", "highest", "digit chosen most (share)"), rows);
            report.figure("top-output-" + m.name() + ".png", topHistogram(m), "How sure the network is: the share of images whose top output falls in each band of 0.05, "
                    + "real digits against each kind of noise (levels pooled).");
            report.figure("chosen-" + m.name() + ".png", chosen(m), "Which digit the network answers: the share of each answer for real digits and for all noise images together.");
            MostConfident mc = m.mostConfident();
            int d = Kernels.argmax(mc.outputs(), 0, 10);
            report.figure("most-confident-" + m.name() + ".png", mostConfident(m), Draw.fmt("The noise image this network was surest about (%s): it says %d with output %.3f.",
                    new Setting(mc.kind(), mc.level()).label(), d, mc.outputs()[d]));
        }
        report.heading("Saying \"I don't know\"");
        report.paragraph("Method 1, a confidence threshold: answer only when the top output reaches a threshold t, otherwise say \"I don't know\". "
                + "Raising t rejects more noise but also more real digits. The curve below traces that trade-off for t from 0 to 1.");
        List<List<String>> rows = new ArrayList<>();
        for (ModelReadings m : r.models())
            for (double t : new double[] {0.5, 0.8, 0.9, 0.95, 0.99}) {
                Threshold th = m.thresholds().get((int) Math.round(t * 100));
                rows.add(List.of(m.name(), Draw.fmt("%.2f", t), Draw.percent(th.noiseRejected()), Draw.percent(th.realRejected()), Draw.percent(th.keptAccuracy())));
            }
        report.table(List.of("network", "threshold t", "noise rejected", "real digits rejected", "accuracy on the digits kept"), rows);
        RejectClass rc = r.rejectClass();
        report.paragraph(Draw.fmt("Method 2, a \"not a digit\" class: a %s network (%s) trained for %d epochs (%.1f s) on %,d digits plus %,d noise images (%s) labelled as an 11th class. "
                + "It gets %s of the real test digits right (the same recipe without the 11th class: %s) and wrongly rejects %s of them. Gaussian noise was never shown to it in training: "
                + "the table tells whether what it learned carries over to a kind of noise it has not seen.", rc.layers(), rc.recipe(), rc.epochs(), rc.seconds(), rc.digitsTrained(), rc.noiseTrained(),
                String.join(" and ", rc.kindsTrained()), Draw.percent(rc.realAccuracy()), Draw.percent(rc.baselineAccuracy()), Draw.percent(rc.realRejected())));
        List<List<String>> rcRows = new ArrayList<>();
        for (int s = 0; s < rc.settings().size(); s++)
            rcRows.add(List.of(rc.settings().get(s).label(), rc.seenInTraining().get(s) ? "yes" : "<b>no</b>", Draw.percent(rc.rejected()[s])));
        report.table(List.of("noise", "seen in training", "rejected as not a digit"), rcRows);
        report.figure("tradeoff.png", tradeoff(r), "Noise rejected against real digits wrongly rejected: each line is the confidence threshold swept from 0 to 1 for one network; "
                + "the squares are the \"not a digit\" network on noise it was trained with and on the unseen Gaussian noise. Up and to the left is better.");
        report.heading("report.showsTitle", "What it shows");
        ModelReadings m0 = r.models().getFirst();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("network", m0.name());
        p.put("noiseMean", Draw.fmt("%.2f", mean(m0.noise())));
        p.put("realMean", Draw.fmt("%.2f", m0.real().meanTop()));
        p.put("mostConfident", Draw.fmt("%.3f", m0.mostConfident().outputs()[Kernels.argmax(m0.mostConfident().outputs(), 0, 10)]));
        p.put("fives", Draw.fmt("%.0f%%", 100.0 * m0.fives() / m0.noiseImages()));
        p.put("fivesAbove", Draw.fmt("%.0f%%", 100.0 * m0.fivesAbove092() / m0.noiseImages()));
        p.put("highest", Draw.fmt("%.3f", m0.highestFive()));
        p.put("threshold", Draw.fmt("%.2f", atFivePercent(m0.thresholds()).threshold()));
        p.put("thresholdRejects", Draw.percent(atFivePercent(m0.thresholds()).noiseRejected()));
        p.put("seen", Draw.percent(shareRejected(rc, true)));
        p.put("unseen", Draw.percent(shareRejected(rc, false)));
        p.put("accuracy", Draw.percent(rc.realAccuracy()));
        p.put("baseline", Draw.percent(rc.baselineAccuracy()));
        p.put("realRejected", Draw.percent(rc.realRejected()));
        report.paragraph("report.noise.shows", p, Draw.fmt("The video's observation is reproduced: on pure noise, %s's top output averages %s (%s for real digits), and its most confident noise image gets %s. "
                + "It answers 5 for %s of the noise images, and %s of all noise images are a 5 with an output of 0.92 or more, the videos' figure (highest: %s). "
                + "The answers on noise are far from uniform: the network has a favourite digit for noise. "
                + "A confidence threshold helps only partly, because much noise is answered as confidently as a real digit: rejecting at most 5%% of real digits "
                + "(threshold %s) turns away %s of the noise. The \"not a digit\" class does far better here: it rejects %s of the kinds of noise it was shown "
                + "and %s of the Gaussian noise it never saw, keeps %s accuracy on real digits (the same recipe without it: %s) and rejects only %s of them. "
                + "The caveat: random noise is easy to tell from ink strokes. Inputs closer to digits (a letter, a scribble, a digit drawn off-centre) were not tested, "
                + "and the network would still have to force those into one of its eleven classes.",
                p.get("network"), p.get("noiseMean"), p.get("realMean"), p.get("mostConfident"), p.get("fives"), p.get("fivesAbove"), p.get("highest"),
                p.get("threshold"), p.get("thresholdRejects"), p.get("seen"), p.get("unseen"), p.get("accuracy"), p.get("baseline"), p.get("realRejected")));
    }

    /** The mean share of noise rejected by the 11th class, over the settings seen (or not seen) in training. */
    static double shareRejected(RejectClass rc, boolean seen) {
        double sum = 0;
        int n = 0;
        for (int s = 0; s < rc.rejected().length; s++) if (rc.seenInTraining().get(s) == seen) { sum += rc.rejected()[s]; n++; }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static List<String> row(Reading x) {
        int top = 0;
        for (int d = 1; d < x.chosen().length; d++) if (x.chosen()[d] > x.chosen()[top]) top = d;
        String name = x.kind().equals("real test digits") ? "<b>real test digits</b>" : new Setting(x.kind(), x.level()).label();
        return List.of(name, Draw.fmt("%.3f", x.meanTop()), Draw.fmt("%.3f", x.medianTop()), Draw.percent(x.shareAbove09()), Draw.fmt("%.3f", x.maxTop()),
                Draw.fmt("%d (%.0f%%)", top, 100.0 * x.chosen()[top] / x.images()));
    }

    private static BufferedImage examples(Result r) {
        int px = 4, tile = 28 * px, cellW = tile + 50, cellH = tile + 66, perRow = 4;
        int width = 30 + perRow * cellW + 10, height = 50 + 3 * cellH + 20;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, "Noise fed to the network, and what 784-16-16-10 answers", width / 2.0, 28, 17, true, 0);
        List<Reading> noise = r.models().getFirst().noise();
        String kind = "";
        int row = -1, col = 0;
        for (Reading x : noise) {
            if (!x.kind().equals(kind)) { kind = x.kind(); row++; col = 0; }
            int cx = 30 + col * cellW, cy = 50 + row * cellH;
            g.setColor(Draw.INK);
            Draw.text(g, new Setting(x.kind(), x.level()).label(), cx + tile / 2.0, cy + 14, 13, true, 0);
            Draw.digit(g, Draw.unbyte(x.sample()), 0, cx, cy + 22, px);
            int d = Kernels.argmax(x.sampleOutputs(), 0, 10);
            g.setColor(Draw.INK);
            Draw.text(g, Draw.fmt("says %d  (%.2f)", d, x.sampleOutputs()[d]), cx + tile / 2.0, cy + 22 + tile + 20, 14, false, 0);
            col++;
        }
        g.dispose();
        return img;
    }

    private static BufferedImage topHistogram(ModelReadings m) {
        List<Chart.Series> series = new ArrayList<>();
        double[] x = new double[20];
        for (int i = 0; i < 20; i++) x[i] = 0.025 + 0.05 * i;
        series.add(new Chart.Series("real test digits", x, share(m.real().topHistogram(), m.real().images()), null, Color.BLACK, Chart.Style.LINE));
        int c = 0;
        for (String kind : List.of("uniform", "gaussian", "salt-and-pepper")) {
            int[] hist = new int[20];
            int n = 0;
            for (Reading r : m.noise()) if (r.kind().equals(kind)) { for (int i = 0; i < 20; i++) hist[i] += r.topHistogram()[i]; n += r.images(); }
            series.add(new Chart.Series(kind + " noise", x, share(hist, n), null, Chart.PALETTE[c++ == 0 ? 0 : c == 2 ? 2 : 1], Chart.Style.LINE));
        }
        return Chart.draw(new Chart.Axes(m.name() + ": how sure is it? (top output)", "top output activation (the network's confidence)", "share of images", 0, 1, 0,
                Math.min(1, 1.1 * series.stream().flatMapToDouble(s -> Arrays.stream(s.y())).max().orElse(1)), null, true), series, 900, 460);
    }

    private static double[] share(int[] counts, int n) {
        double[] s = new double[counts.length];
        for (int i = 0; i < s.length; i++) s[i] = (double) counts[i] / Math.max(1, n);
        return s;
    }

    private static BufferedImage chosen(ModelReadings m) {
        int[] all = new int[10];
        int n = 0;
        for (Reading r : m.noise()) { for (int d = 0; d < 10; d++) all[d] += r.chosen()[d]; n += r.images(); }
        double[] real = share(m.real().chosen(), m.real().images()), noise = share(all, n);
        double max = Math.max(Arrays.stream(real).max().orElse(1), Arrays.stream(noise).max().orElse(1));
        String[] cats = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        return Chart.draw(new Chart.Axes(m.name() + ": which digit does it answer?", "digit answered", "share of answers", -0.5, 9.5, 0, Math.min(1, max * 1.15), cats, true),
                List.of(new Chart.Series("real test digits", Chart.range(10), real, null, new Color(90, 90, 90), Chart.Style.BARS),
                        new Chart.Series("noise (all kinds)", Chart.range(10), noise, null, Chart.PALETTE[1], Chart.Style.BARS)), 900, 420);
    }

    private static BufferedImage mostConfident(ModelReadings m) {
        MostConfident mc = m.mostConfident();
        int px = 8, tile = 28 * px, width = 60 + tile + 60 + 420, height = tile + 140;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, m.name() + ": the noise image it is surest about", width / 2.0, 28, 17, true, 0);
        Draw.digit(g, Draw.unbyte(mc.pixels()), 0, 40, 60, px);
        int bx = 40 + tile + 70, by = 60, bw = 34, bh = tile - 10, d = Kernels.argmax(mc.outputs(), 0, 10);
        for (int k = 0; k < 10; k++) {
            double v = mc.outputs()[k];
            g.setColor(k == d ? Chart.PALETTE[1] : new Color(150, 150, 150));
            g.fillRect(bx + k * (bw + 6), by + bh - (int) (v * bh), bw, (int) (v * bh));
            g.setColor(Draw.INK);
            Draw.text(g, Integer.toString(k), bx + k * (bw + 6) + bw / 2.0, by + bh + 18, 15, true, 0);
            Draw.text(g, Draw.fmt("%.2f", v), bx + k * (bw + 6) + bw / 2.0, by + bh - (int) (v * bh) - 4, 11, false, 0);
        }
        g.drawLine(bx - 4, by + bh, bx + 10 * (bw + 6), by + bh);
        Draw.text(g, "output neuron (digit) and its activation", bx + 5 * (bw + 6), by + bh + 42, 14, false, 0);
        Draw.text(g, new Setting(mc.kind(), mc.level()).label(), 40 + tile / 2.0, 60 + tile + 24, 14, false, 0);
        g.dispose();
        return img;
    }

    private static BufferedImage tradeoff(Result r) {
        List<Chart.Series> series = new ArrayList<>();
        int c = 0;
        for (ModelReadings m : r.models()) {
            double[] x = m.thresholds().stream().mapToDouble(Threshold::realRejected).toArray(), y = m.thresholds().stream().mapToDouble(Threshold::noiseRejected).toArray();
            series.add(new Chart.Series(m.name() + ": threshold", x, y, null, Chart.PALETTE[c++], Chart.Style.LINE));
        }
        RejectClass rc = r.rejectClass();
        double seen = 0, unseen = 0;
        int ns = 0, nu = 0;
        for (int s = 0; s < rc.rejected().length; s++) if (rc.seenInTraining().get(s)) { seen += rc.rejected()[s]; ns++; } else { unseen += rc.rejected()[s]; nu++; }
        series.add(new Chart.Series("11th class, noise seen", new double[] {rc.realRejected()}, new double[] {seen / ns}, null, Chart.PALETTE[2], Chart.Style.POINTS));
        series.add(new Chart.Series("11th class, unseen Gaussian", new double[] {rc.realRejected()}, new double[] {unseen / nu}, null, Chart.PALETTE[3], Chart.Style.POINTS));
        return Chart.draw(new Chart.Axes("Saying \"I don't know\": the trade-off", "real test digits wrongly rejected", "noise rejected", 0, 0.5, 0, 1.02, null, true, true),
                series, 900, 520);
    }
}
