package glassbox.lab;

import glassbox.engine.Dataset;
import glassbox.engine.Evaluation;
import glassbox.engine.Kernels;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 3Blue1Brown, chapter 2: many of the basic network's mistakes are forgivable: "a handwritten digit that looks like both
 * a 3 and a 7", "a 6 whose tail is so long it almost touches the circle, misread as 0"; humans would
 * hesitate too. We list the most frequent confusions of 784-16-16-10, draw its most confident mistakes with
 * its ten outputs, and draw the confusion matrix.
 */
public final class MistakesHumansWouldMake implements Experiment<MistakesHumansWouldMake.Result> {

    /** How often true digit {@code truth} was answered as {@code answer}. */
    public record Confusion(int truth, int answer, int count) {}

    /** A named pair (e.g. 3 and 7): mistakes each way and the pair's rank among the 45 unordered pairs. */
    public record Pair(int a, int b, int aAsB, int bAsA, int rank) {}

    /** A misclassified test image (0..255 pixels), its index, and the network's ten outputs. */
    public record Mistake(int index, int truth, int answer, float[] outputs, int[] pixels) {}

    public record ModelErrors(String name, String source, int images, int wrong, double accuracy, int[][] confusion,
                              List<Confusion> top, List<Pair> named, List<Mistake> worst) {}

    public record Result(long seed, List<ModelErrors> models) {}

    static final int[][] NAMED = {{3, 7}, {6, 0}, {4, 9}};

    @Override public String name() { return "errors"; }

    @Override public String title() { return "The network's mistakes: which digits it confuses, and are they forgivable?"; }

    @Override public Result run(ExperimentContext lab) {
        Dataset test = lab.test();
        List<ModelErrors> models = new ArrayList<>();
        for (String[] m : new String[][] {{"mlp-16-16", "784-16-16-10"}, {"mlp-30", "784-30-10"}}) {
            ExperimentContext.Model model = lab.mlp(m[0], m[1], 30);
            float[] out = NoiseFoolsTheNetwork.outputs(model.network(), test.inputs(), test.size(), 10);
            Evaluation e = Evaluation.of(model.network(), test);
            List<Confusion> all = new ArrayList<>();
            for (int t = 0; t < 10; t++) for (int a = 0; a < 10; a++) if (t != a && e.confusion()[t][a] > 0) all.add(new Confusion(t, a, e.confusion()[t][a]));
            all.sort(Comparator.comparingInt(Confusion::count).reversed().thenComparingInt(Confusion::truth).thenComparingInt(Confusion::answer));
            List<Mistake> mistakes = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                int a = Kernels.argmax(out, i * 10, 10), t = test.labels()[i];
                if (a != t) mistakes.add(new Mistake(i, t, a, Arrays.copyOfRange(out, i * 10, i * 10 + 10), Draw.toBytes(test.inputs(), i * 784, 784)));
            }
            mistakes.sort(Comparator.comparingDouble((Mistake x) -> x.outputs()[x.truth()] - x.outputs()[x.answer()]).thenComparingInt(Mistake::index));
            models.add(new ModelErrors(model.name(), model.source(), test.size(), test.size() - e.correct(), e.accuracy(), e.confusion(),
                    all.subList(0, Math.min(15, all.size())), named(e.confusion()), mistakes.subList(0, Math.min(24, mistakes.size()))));
        }
        return new Result(lab.seed, models);
    }

    static List<Pair> named(int[][] c) {
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < 10; a++) for (int b = a + 1; b < 10; b++) pairs.add(new int[] {a, b, c[a][b] + c[b][a]});
        pairs.sort((x, y) -> Integer.compare(y[2], x[2]));
        List<Pair> named = new ArrayList<>();
        for (int[] n : NAMED) {
            int lo = Math.min(n[0], n[1]), hi = Math.max(n[0], n[1]), rank = 0;
            for (int i = 0; i < pairs.size(); i++) if (pairs.get(i)[0] == lo && pairs.get(i)[1] == hi) rank = i + 1;
            named.add(new Pair(n[0], n[1], c[n[0]][n[1]], c[n[1]][n[0]], rank));
        }
        return named;
    }

    @Override public Map<String, Object> headline(Result r) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (ModelErrors m : r.models()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("test_accuracy", m.accuracy());
            one.put("wrong", m.wrong());
            one.put("top_confusions", m.top().subList(0, Math.min(5, m.top().size())).stream().map(c -> c.truth() + "->" + c.answer() + ": " + c.count()).toList());
            Map<String, Object> named = new LinkedHashMap<>();
            for (Pair p : m.named()) named.put(p.a() + "/" + p.b(), Map.of("count", p.aAsB() + p.bAsA(), "rank_of_45", p.rank()));
            one.put("named_pairs", named);
            h.put(m.name(), one);
        }
        return h;
    }

    @Override public void render(Result r, Report report) {
        report.paragraph("report.errors.claim", Map.of(), "<span class=\"claim\"><span class=\"source\">" + Report.VIDEO + "</span>: looking back at the basic network's mistakes, <i>many are forgivable</i>: a digit that <i>looks like both a 3 and a 7</i>, "
                + "a 6 <i>whose tail is so long it almost touches the circle, misread as 0</i>; shown to people, many would hesitate too. "
                + "(The videos also name 4 and 9 as a hard pair.)</span>");
        ModelErrors first = r.models().getFirst();
        report.paragraph(Draw.fmt("We ran the %,d test images through the shipped networks and kept every mistake. "
                + "The gallery shows each network's most confident mistakes: those where its output for the wrong answer most exceeds its output for the right one.", first.images()));
        for (ModelErrors m : r.models()) {
            report.heading(Draw.fmt("%s: %,d mistakes in %,d (%s right)", m.name(), m.wrong(), m.images(), Draw.percent(m.accuracy())));
            report.figure("confusion-" + m.name() + ".png", confusion(m), "The confusion matrix: row = the true digit, column = the network's answer, the number = how many test images. "
                    + "Off the diagonal, redder means more mistakes (shared scale); the diagonal (right answers) is grey.");
            List<List<String>> rows = new ArrayList<>();
            for (Confusion c : m.top()) rows.add(List.of(Integer.toString(c.truth()), Integer.toString(c.answer()), Integer.toString(c.count()),
                    Draw.fmt("%.1f%%", 100.0 * c.count() / m.wrong())));
            report.table(List.of("true digit", "answered", "times", "share of all mistakes"), rows);
            List<List<String>> named = new ArrayList<>();
            for (Pair p : m.named()) named.add(List.of(p.a() + " and " + p.b(), Integer.toString(p.aAsB()), Integer.toString(p.bAsA()), "#" + p.rank() + " of 45"));
            report.table(List.of("pair named in the videos", "first read as second", "second read as first", "rank among all pairs"), named);
            report.figure("worst-" + m.name() + ".png", gallery(m), "The most confident mistakes: each image with the true digit, the answer, and the ten outputs as bars "
                    + "(red: the answer, green: the true digit).");
        }
        report.heading("report.showsTitle", "What it shows");
        Pair p37 = first.named().getFirst();
        int top5 = first.top().stream().limit(5).mapToInt(Confusion::count).sum();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("network", first.name());
        p.put("share", Draw.fmt("%.0f%%", 100.0 * top5 / first.wrong()));
        p.put("wrong", String.valueOf(first.wrong()));
        p.put("pairs", String.join(", ", first.top().stream().limit(5).map(c -> c.truth() + " → " + c.answer()).toList()));
        p.put("n49", String.valueOf(first.named().get(2).aAsB() + first.named().get(2).bAsA()));
        p.put("r49", String.valueOf(first.named().get(2).rank()));
        p.put("n37", String.valueOf(p37.aAsB() + p37.bAsA()));
        p.put("r37", String.valueOf(p37.rank()));
        p.put("n60", String.valueOf(first.named().get(1).aAsB() + first.named().get(1).bAsA()));
        p.put("r60", String.valueOf(first.named().get(1).rank()));
        report.paragraph("report.errors.shows", p, Draw.fmt("The five most frequent confusions of %s make up %s of its %s mistakes, and they are digits of similar shape (%s). "
                + "Of the pairs the videos name, 4 and 9 is the real trouble: confused %s times, rank %s of the 45 pairs. 3 and 7 are confused %s times (rank %s), 6 and 0 %s times (rank %s). "
                + "Many of the worst cases are indeed ambiguous or badly written, but the gallery also shows clear digits read wrongly with high confidence: "
                + "the network is sure when it should not be, the same weakness as in the noise experiment.",
                p.get("network"), p.get("share"), p.get("wrong"), p.get("pairs"), p.get("n49"), p.get("r49"), p.get("n37"), p.get("r37"), p.get("n60"), p.get("r60")));
    }

    private static BufferedImage confusion(ModelErrors m) {
        int cell = 52, left = 90, top = 80, width = left + 10 * cell + 40, height = top + 10 * cell + 70;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, m.name() + ": confusion matrix (" + m.images() + " test images)", width / 2.0, 26, 17, true, 0);
        int max = 1;
        for (int t = 0; t < 10; t++) for (int a = 0; a < 10; a++) if (t != a) max = Math.max(max, m.confusion()[t][a]);
        for (int t = 0; t < 10; t++)
            for (int a = 0; a < 10; a++) {
                int v = m.confusion()[t][a];
                double f = (double) v / max;
                Color c = t == a ? new Color(215, 215, 215) : new Color(255, (int) (255 * (1 - f)), (int) (255 * (1 - f)));
                g.setColor(c);
                g.fillRect(left + a * cell, top + t * cell, cell - 1, cell - 1);
                g.setColor(t != a && f > 0.55 ? Color.WHITE : Draw.INK);
                Draw.text(g, Integer.toString(v), left + a * cell + cell / 2.0, top + t * cell + cell / 2.0 + 5, t == a ? 12 : 14, t != a && v > 0, 0);
            }
        g.setColor(Draw.INK);
        for (int i = 0; i < 10; i++) {
            Draw.text(g, Integer.toString(i), left + i * cell + cell / 2.0, top - 8, 16, true, 0);
            Draw.text(g, Integer.toString(i), left - 10, top + i * cell + cell / 2.0 + 6, 16, true, 1);
        }
        Draw.text(g, "network's answer", left + 5 * cell, top - 32, 14, false, 0);
        Draw.verticalText(g, "true digit", 30, top + 5 * cell, 14);
        Draw.text(g, Draw.fmt("off-diagonal colour: white 0 → red %d (the largest confusion)", max), left + 5 * cell, top + 10 * cell + 30, 13, false, 0);
        g.dispose();
        return img;
    }

    private static BufferedImage gallery(ModelErrors m) {
        int px = 4, tile = 28 * px, cellW = tile + 40, barsH = 50, cellH = tile + barsH + 74, cols = 6, n = m.worst().size(), rows = (n + cols - 1) / cols;
        int width = 20 + cols * cellW, height = 50 + rows * cellH;
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        Draw.text(g, m.name() + ": its most confident mistakes", width / 2.0, 28, 17, true, 0);
        for (int i = 0; i < n; i++) {
            Mistake x = m.worst().get(i);
            int cx = 20 + (i % cols) * cellW, cy = 50 + (i / cols) * cellH;
            g.setColor(Draw.INK);
            Draw.text(g, Draw.fmt("true %d, said %d", x.truth(), x.answer()), cx + tile / 2.0, cy + 14, 14, true, 0);
            Draw.digit(g, Draw.unbyte(x.pixels()), 0, cx, cy + 22, px);
            int by = cy + 22 + tile + 8, bw = tile / 10;
            for (int k = 0; k < 10; k++) {
                double v = x.outputs()[k];
                g.setColor(k == x.answer() ? Chart.PALETTE[1] : k == x.truth() ? Chart.PALETTE[2] : new Color(170, 170, 170));
                int h = (int) Math.round(v * barsH);
                g.fillRect(cx + k * bw + 1, by + barsH - h, bw - 2, Math.max(1, h));
            }
            g.setColor(Draw.MUTED);
            g.drawLine(cx, by + barsH, cx + tile, by + barsH);
            for (int k = 0; k < 10; k++) Draw.text(g, Integer.toString(k), cx + k * bw + bw / 2.0, by + barsH + 12, 10, false, 0);
            g.setColor(Draw.INK);
            Draw.text(g, Draw.fmt("%.2f vs %.2f", x.outputs()[x.answer()], x.outputs()[x.truth()]), cx + tile / 2.0, by + barsH + 28, 12, false, 0);
        }
        g.dispose();
        return img;
    }
}
