package glassbox.lab;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Evaluation;
import glassbox.engine.Initializer;
import glassbox.engine.Kernels;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingListener;
import glassbox.engine.TrainingSettings;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static glassbox.lab.Experiment.round;

/**
 * 3Blue1Brown, chapter 2: the MLP "only learned centred digits of a fixed size"; a digit drawn too big, too small or
 * "shifted a little off the centre" is easily misread, because it "does not know that a pixel is next to
 * another one" (a CNN's local receptive fields and shared weights do). We shift the whole test set
 * -6..+6 pixels each way and scale it 0.5x..1.5x, and score the MLPs and (where the engine has one) a CNN.
 */
public final class ShiftedDigitsBreakTheMlp implements Experiment<ShiftedDigitsBreakTheMlp.Result> {

    /** Accuracy of one network on the test set moved by each shift (horizontal, vertical) and scaled by each factor. */
    public record Curves(String name, String kind, String source, double[] horizontal, double[] vertical, double[] scale) {}

    /** Example images: one test digit under each shift and scale, with each network's answer. */
    public record Examples(int label, int[][] shifted, int[][] scaled, int[][] shiftedAnswers, int[][] scaledAnswers) {}

    public record Result(long seed, int testImages, int[] shifts, double[] scales, List<Curves> networks, String cnnNote, Examples examples) {}

    static final int[] SHIFTS = {-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6};
    static final double[] SCALES = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5};
    static final int[] EXAMPLE_SHIFTS = {-6, -3, 0, 3, 6};
    static final double[] EXAMPLE_SCALES = {0.5, 0.75, 1.0, 1.25, 1.5};

    @Override public String name() { return "shift"; }

    @Override public String title() { return "Shifted or resized digits break the MLP (and a CNN holds)"; }

    /** The image moved dx pixels right and dy down; pixels that come in from outside are blank. */
    static void shift(float[] in, int inOff, float[] out, int outOff, int dx, int dy) {
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) {
                int sr = r - dy, sc = c - dx;
                out[outOff + r * 28 + c] = sr < 0 || sr >= 28 || sc < 0 || sc >= 28 ? 0f : in[inOff + sr * 28 + sc];
            }
    }

    /** The image scaled by s about its centre (13.5, 13.5), sampled bilinearly. */
    static void scale(float[] in, int inOff, float[] out, int outOff, double s) {
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) {
                double sr = 13.5 + (r - 13.5) / s, sc = 13.5 + (c - 13.5) / s;
                int r0 = (int) Math.floor(sr), c0 = (int) Math.floor(sc);
                double fr = sr - r0, fc = sc - c0, v = 0;
                for (int i = 0; i <= 1; i++)
                    for (int j = 0; j <= 1; j++) {
                        int rr = r0 + i, cc = c0 + j;
                        if (rr < 0 || rr >= 28 || cc < 0 || cc >= 28) continue;
                        v += (i == 0 ? 1 - fr : fr) * (j == 0 ? 1 - fc : fc) * in[inOff + rr * 28 + cc];
                    }
                out[outOff + r * 28 + c] = (float) v;
            }
    }

    interface Transform { void apply(float[] in, int inOff, float[] out, int outOff); }

    static Dataset transformed(Dataset d, Transform t) {
        float[] x = new float[d.inputs().length];
        for (int i = 0; i < d.size(); i++) t.apply(d.inputs(), i * 784, x, i * 784);
        return Dataset.classification(d.name(), x, d.labels(), d.shape(), 10);
    }

    @Override public Result run(ExperimentContext lab) {
        Dataset test = lab.test();
        List<ExperimentContext.Model> models = new ArrayList<>(List.of(lab.mlp("mlp-16-16", "784-16-16-10", 30), lab.mlp("mlp-30", "784-30-10", 30)));
        List<String> kinds = new ArrayList<>(List.of("MLP", "MLP"));
        String note;
        Optional<Path> cnnFile = ExperimentContext.findModel("cnn-best.gbx");
        ExperimentContext.Model cnn = null;
        if (cnnFile.isPresent()) {
            try {
                Network net = ModelFile.load(cnnFile.get()).network();
                cnn = new ExperimentContext.Model("cnn-best", net, "shipped cnn-best.gbx", Evaluation.of(net, test).accuracy());
                note = "The CNN is the shipped models/cnn-best.gbx.";
            } catch (BadInputException e) {
                note = "models/cnn-best.gbx is present but this engine cannot read it (" + e.getMessage() + "), so only the MLPs are shown.";
            }
        } else if (ExperimentContext.engineHasConvolutions()) {
            cnn = trainCnn(lab, test);
            note = "No models/cnn-best.gbx was found, so a small CNN was trained here: " + cnn.source() + ".";
        } else {
            note = "No models/cnn-best.gbx was found and this engine has no convolutional layers yet, so only the MLPs are shown: "
                    + "the CNN half of the claim is not measured in this run.";
        }
        lab.log("shift: %s", note);
        if (cnn != null) { models.add(cnn); kinds.add("CNN"); }

        List<Curves> curves = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            Network net = models.get(m).network();
            double[] h = new double[SHIFTS.length], v = new double[SHIFTS.length], s = new double[SCALES.length];
            for (int i = 0; i < SHIFTS.length; i++) {
                int d = SHIFTS[i];
                h[i] = Evaluation.of(net, transformed(test, (in, io, out, oo) -> shift(in, io, out, oo, d, 0))).accuracy();
                v[i] = Evaluation.of(net, transformed(test, (in, io, out, oo) -> shift(in, io, out, oo, 0, d))).accuracy();
            }
            for (int i = 0; i < SCALES.length; i++) {
                double f = SCALES[i];
                s[i] = Evaluation.of(net, transformed(test, (in, io, out, oo) -> scale(in, io, out, oo, f))).accuracy();
            }
            lab.log("shift: %s centred %.2f%%, 3 px right %.2f%%, scale 0.7 %.2f%%", models.get(m).name(), 100 * h[6], 100 * h[9], 100 * s[2]);
            curves.add(new Curves(models.get(m).name(), kinds.get(m), models.get(m).source(), h, v, s));
        }
        return new Result(lab.seed, test.size(), SHIFTS, SCALES, curves, note, examples(test, models));
    }

    /** A small CNN trained here when no cnn-best.gbx is shipped and the engine has conv layers. */
    private static ExperimentContext.Model trainCnn(ExperimentContext lab, Dataset test) {
        Dataset training = lab.quick ? lab.training() : lab.training().slice(0, 20_000);
        Architecture a = new Architecture("conv5x5x8-pool2-fc64-fc10", Mnist.SHAPE, new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
        Network net = Network.create(a, Initializer.HE, lab.seed);
        TrainingSettings s = TrainingSettings.defaults().withEpochs(1).withBatchSize(32).withLearningRate(0.01f)
                .withOptimizer(new Optimizer.Momentum(0.9f)).withSeed(lab.seed);
        lab.log("shift: training %s on %,d images for 1 epoch", a.layers(), training.size());
        Trainer.Result r = Trainer.train(net, training, null, s, new TrainingListener[] {lab.epochLogger("cnn")});
        double acc = Evaluation.of(net, test).accuracy();
        return new ExperimentContext.Model("cnn (trained here)", net, Draw.fmt("%s, 1 epoch on %,d images, %.0f s", a.layers(), training.size(), r.trainSeconds()), acc);
    }

    private static Examples examples(Dataset test, List<ExperimentContext.Model> models) {
        int i = 0;
        while (test.labels()[i] != 4 && i < test.size() - 1) i++;
        int[][] shifted = new int[EXAMPLE_SHIFTS.length][], scaled = new int[EXAMPLE_SCALES.length][];
        int[][] sa = new int[models.size()][EXAMPLE_SHIFTS.length], ca = new int[models.size()][EXAMPLE_SCALES.length];
        float[] out = new float[784];
        for (int k = 0; k < EXAMPLE_SHIFTS.length; k++) {
            shift(test.inputs(), i * 784, out, 0, EXAMPLE_SHIFTS[k], 0);
            shifted[k] = Draw.toBytes(out, 0, 784);
            for (int m = 0; m < models.size(); m++) sa[m][k] = answer(models.get(m).network(), out);
        }
        for (int k = 0; k < EXAMPLE_SCALES.length; k++) {
            scale(test.inputs(), i * 784, out, 0, EXAMPLE_SCALES[k]);
            scaled[k] = Draw.toBytes(out, 0, 784);
            for (int m = 0; m < models.size(); m++) ca[m][k] = answer(models.get(m).network(), out);
        }
        return new Examples(test.labels()[i], shifted, scaled, sa, ca);
    }

    private static int answer(Network net, float[] x) {
        float[] a = net.predict(x);
        return Kernels.argmax(a, 0, a.length);
    }

    @Override public Map<String, Object> headline(Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (Curves c : r.networks()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("centred", round(c.horizontal()[6]));
            one.put("shift_2px", round(mean(c, 2)));
            one.put("shift_4px", round(mean(c, 4)));
            one.put("shift_6px", round(mean(c, 6)));
            one.put("scale_0_7", round(c.scale()[2]));
            one.put("scale_1_3", round(c.scale()[8]));
            h.put(c.name(), one);
        }
        h.put("cnn_measured", r.networks().stream().anyMatch(c -> c.kind().equals("CNN")));
        return h;
    }

    /** Mean accuracy over the four shifts of d pixels (left, right, up, down). */
    static double mean(Curves c, int d) {
        return (c.horizontal()[6 - d] + c.horizontal()[6 + d] + c.vertical()[6 - d] + c.vertical()[6 + d]) / 4;
    }

    @Override public void render(Result r, Report report) {
        report.paragraph("report.shift.claim", Map.of(), "<span class=\"claim\"><span class=\"source\">" + Report.VIDEO + "</span>: the network <i>only learned to recognise centred digits of a fixed size</i>; drawn too big, too small, "
                + "or <i>shifted a little off the centre, the network easily gets it wrong</i>, because to it the 784 inputs are independent: "
                + "it does not know that a pixel is next to another one. Convolutional networks, with local receptive fields and shared weights, are the cure.</span>");
        report.paragraph(Draw.fmt("We moved every one of the %,d test images by -6..+6 pixels horizontally and vertically (blank pixels come in at the edge) "
                + "and scaled them by 0.5..1.5 about the centre (bilinear sampling), then scored each network on each version. %s", r.testImages(), r.cnnNote()));
        report.figure("shift.png", chart(r), "Test accuracy against horizontal shift, vertical shift and scale. Each line is one network; 0 px and 1.0x are the untouched test set.");
        report.figure("examples.png", examples(r), "One test digit shifted and scaled as above, with what each network answers (green right, red wrong).");
        List<String> head = new ArrayList<>(List.of("network", "kind", "where from", "centred"));
        for (int d : new int[] {1, 2, 3, 4, 6}) head.add("±" + d + " px (mean of 4)");
        head.addAll(List.of("scale 0.7", "scale 1.3"));
        List<List<String>> rows = new ArrayList<>();
        for (Curves c : r.networks()) {
            List<String> row = new ArrayList<>(List.of(c.name(), c.kind(), c.source(), Draw.percent(c.horizontal()[6])));
            for (int d : new int[] {1, 2, 3, 4, 6}) row.add(Draw.percent(mean(c, d)));
            row.add(Draw.percent(c.scale()[2]));
            row.add(Draw.percent(c.scale()[8]));
            rows.add(row);
        }
        report.table(head, rows);
        List<List<String>> all = new ArrayList<>();
        for (Curves c : r.networks()) {
            for (int i = 0; i < r.shifts().length; i++)
                all.add(List.of(c.name(), Integer.toString(r.shifts()[i]), Draw.percent(c.horizontal()[i]), Draw.percent(c.vertical()[i])));
        }
        report.heading("Every number");
        report.table(List.of("network", "shift (px)", "accuracy, horizontal", "accuracy, vertical"), all);
        List<List<String>> sc = new ArrayList<>();
        for (Curves c : r.networks())
            for (int i = 0; i < r.scales().length; i++) sc.add(List.of(c.name(), Draw.fmt("%.1f", r.scales()[i]), Draw.percent(c.scale()[i])));
        report.table(List.of("network", "scale", "accuracy"), sc);
        Curves first = r.networks().getFirst();
        report.heading("report.showsTitle", "What it shows");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("network", first.name());
        p.put("centred", Draw.percent(first.horizontal()[6]));
        p.put("two", Draw.percent(mean(first, 2)));
        p.put("four", Draw.percent(mean(first, 4)));
        p.put("six", Draw.percent(mean(first, 6)));
        p.put("small", Draw.percent(first.scale()[2]));
        boolean cnn = r.networks().stream().anyMatch(c -> c.kind().equals("CNN"));
        report.paragraph(cnn ? "report.shift.shows" : "report.shift.showsNoCnn", p, Draw.fmt("The claim holds for the MLP: %s falls from %s on centred digits to %s at 2 pixels off, %s at 4 and %s at 6; "
                + "shrinking to 0.7x leaves %s. A two-pixel shift is about the width of a stroke, yet to the MLP it moves every inked pixel onto inputs with different weights. %s",
                p.get("network"), p.get("centred"), p.get("two"), p.get("four"), p.get("six"), p.get("small"),
                cnn ? "The CNN's line shows how much a convolutional network keeps." : "The CNN comparison is missing from this run (see above)."));
    }

    private static BufferedImage chart(Result r) {
        double[] shifts = java.util.Arrays.stream(r.shifts()).asDoubleStream().toArray();
        List<Chart.Series> h = new ArrayList<>(), v = new ArrayList<>(), s = new ArrayList<>();
        for (int m = 0; m < r.networks().size(); m++) {
            Curves c = r.networks().get(m);
            var color = Chart.PALETTE[m];
            Chart.Style style = Chart.Style.LINE;
            h.add(new Chart.Series(c.name(), shifts, c.horizontal(), null, color, style));
            v.add(new Chart.Series(c.name(), shifts, c.vertical(), null, color, style));
            s.add(new Chart.Series(c.name(), r.scales(), c.scale(), null, color, style));
        }
        return Chart.row(Chart.draw(new Chart.Axes("Horizontal shift", "pixels moved right (negative: left)", "test accuracy", -6.5, 6.5, 0, 1, null, true), h, 520, 460),
                Chart.draw(new Chart.Axes("Vertical shift", "pixels moved down (negative: up)", "test accuracy", -6.5, 6.5, 0, 1, null, true), v, 520, 460),
                Chart.draw(new Chart.Axes("Scale", "size factor (1 = as in MNIST)", "test accuracy", 0.45, 1.55, 0, 1, null, true), s, 520, 460));
    }

    private static BufferedImage examples(Result r) {
        Examples e = r.examples();
        int px = 3, tile = 28 * px, cellW = tile + 22, n = r.networks().size(), cellH = tile + 30 + 18 * n, left = 150;
        int width = left + 10 * cellW + 40, height = 60 + cellH + 30;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, "A test digit (" + e.label() + ") moved and resized, and what each network answers", width / 2.0, 26, 17, true, 0);
        for (int k = 0; k < 10; k++) {
            boolean isShift = k < 5;
            int x = left + k * cellW + (isShift ? 0 : 30), y = 50;
            g.setColor(Draw.INK);
            Draw.text(g, isShift ? Draw.fmt("%+d px", EXAMPLE_SHIFTS[k]) : Draw.fmt("%.2fx", EXAMPLE_SCALES[k - 5]), x + tile / 2.0, y + 12, 13, true, 0);
            Draw.digit(g, Draw.unbyte(isShift ? e.shifted()[k] : e.scaled()[k - 5]), 0, x, y + 20, px);
            for (int m = 0; m < n; m++) {
                int a = isShift ? e.shiftedAnswers()[m][k] : e.scaledAnswers()[m][k - 5];
                g.setColor(a == e.label() ? new java.awt.Color(30, 140, 30) : new java.awt.Color(210, 30, 30));
                Draw.text(g, Integer.toString(a), x + tile / 2.0, y + 20 + tile + 20 + 18 * m, 15, true, 0);
            }
        }
        g.setColor(Draw.INK);
        for (int m = 0; m < n; m++) Draw.text(g, r.networks().get(m).name() + " says", left - 12, 70 + tile + 20 + 18 * m, 13, false, 1);
        g.dispose();
        return img;
    }
}
