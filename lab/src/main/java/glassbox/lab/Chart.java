package glassbox.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Line and bar charts drawn with Java2D: a title, labelled axes with ticks, light grid lines and a legend.
 * With {@code categories} the x values are positions 0..n-1 labelled by those names.
 */
public final class Chart {
    public static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(23, 190, 207),
            new Color(127, 127, 127), new Color(188, 189, 34)};

    /** LINE joins the points, POINTS marks them with squares, BARS fills bars, RANGE draws only the ± bars. */
    public enum Style { LINE, POINTS, BARS, RANGE }

    /** One line (or set of points or bars); spread, when not null, draws ± bars (half-widths) around y. */
    public record Series(String name, double[] x, double[] y, double[] spread, Color color, Style style) {
        public Series(String name, double[] x, double[] y, Color color) { this(name, x, y, null, color, Style.LINE); }
    }

    /** The frame: labels, ranges, optional category names for x, and whether y is printed as a percentage. */
    public record Axes(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax,
                       String[] categories, boolean xPercent, boolean yPercent) {
        public Axes(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax, String[] categories, boolean yPercent) {
            this(title, xLabel, yLabel, xMin, xMax, yMin, yMax, categories, false, yPercent);
        }
    }

    private Chart() {}

    public static BufferedImage draw(Axes axes, List<Series> series, int width, int height) {
        BufferedImage img = Draw.canvas(width, height);
        Graphics2D g = Draw.graphics(img);
        int left = 78, right = 20, top = 44, legendRows = (series.size() + 2) / 3, bottom = 62 + 22 * legendRows;
        int pw = width - left - right, ph = height - top - bottom;
        Draw.text(g, axes.title(), width / 2.0, 26, 17, true, 0);
        double x0 = axes.xMin(), x1 = axes.xMax(), y0 = axes.yMin(), y1 = axes.yMax();
        var px = (java.util.function.DoubleUnaryOperator) v -> left + (v - x0) / (x1 - x0) * pw;
        var py = (java.util.function.DoubleUnaryOperator) v -> top + ph - (v - y0) / (y1 - y0) * ph;

        g.setFont(Draw.font(13, false));
        for (double t : ticks(y0, y1, 6)) {
            int y = (int) Math.round(py.applyAsDouble(t));
            g.setColor(Draw.GRID);
            g.drawLine(left, y, left + pw, y);
            g.setColor(Draw.INK);
            Draw.text(g, axes.yPercent() ? trim(100 * t) + "%" : trim(t), left - 6, y + 5, 13, false, 1);
        }
        if (axes.categories() != null) {
            for (int i = 0; i < axes.categories().length; i++)
                Draw.text(g, axes.categories()[i], px.applyAsDouble(i), top + ph + 18, 13, false, 0);
        } else {
            for (double t : ticks(x0, x1, 8)) {
                int x = (int) Math.round(px.applyAsDouble(t));
                g.setColor(Draw.GRID);
                g.drawLine(x, top, x, top + ph);
                g.setColor(Draw.INK);
                Draw.text(g, axes.xPercent() ? trim(100 * t) + "%" : trim(t), x, top + ph + 18, 13, false, 0);
            }
        }
        g.setColor(Draw.INK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(left, top, pw, ph);
        Draw.text(g, axes.xLabel(), left + pw / 2.0, top + ph + 40, 14, false, 0);
        Draw.verticalText(g, axes.yLabel(), 20, top + ph / 2.0, 14);

        var clip = g.getClip();
        g.clipRect(left - 6, top - 6, pw + 12, ph + 12);
        int bars = (int) series.stream().filter(s -> s.style() == Style.BARS).count(), bar = 0;
        for (Series s : series) {
            g.setColor(s.color());
            if (s.style() == Style.BARS) {
                double slot = pw / (x1 - x0) * 0.8, w = slot / Math.max(1, bars);
                for (int i = 0; i < s.x().length; i++) {
                    double cx = px.applyAsDouble(s.x()[i]) - slot / 2 + bar * w;
                    double yv = py.applyAsDouble(s.y()[i]), yz = py.applyAsDouble(Math.max(y0, 0));
                    g.fill(new java.awt.geom.Rectangle2D.Double(cx, Math.min(yv, yz), w * 0.92, Math.abs(yz - yv)));
                }
                bar++;
                continue;
            }
            if (s.style() == Style.LINE) {
                g.setStroke(new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                Path2D path = new Path2D.Double();
                boolean started = false;
                for (int i = 0; i < s.x().length; i++) {
                    if (!Double.isFinite(s.y()[i])) continue;
                    double x = px.applyAsDouble(s.x()[i]), y = py.applyAsDouble(s.y()[i]);
                    if (started) path.lineTo(x, y); else { path.moveTo(x, y); started = true; }
                }
                g.draw(path);
            }
            g.setStroke(new BasicStroke(1.6f));
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.y()[i])) continue;
                double x = px.applyAsDouble(s.x()[i]), y = py.applyAsDouble(s.y()[i]);
                if (s.spread() != null) {
                    double lo = py.applyAsDouble(s.y()[i] - s.spread()[i]), hi = py.applyAsDouble(s.y()[i] + s.spread()[i]);
                    g.draw(new java.awt.geom.Line2D.Double(x, lo, x, hi));
                    g.draw(new java.awt.geom.Line2D.Double(x - 5, lo, x + 5, lo));
                    g.draw(new java.awt.geom.Line2D.Double(x - 5, hi, x + 5, hi));
                }
                if (s.style() == Style.RANGE) continue;
                double r = s.style() == Style.POINTS ? 5.5 : 3.5;
                if (s.style() == Style.POINTS) g.draw(new java.awt.geom.Rectangle2D.Double(x - r, y - r, 2 * r, 2 * r));
                else g.fill(new java.awt.geom.Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            }
        }
        g.setClip(clip);

        int lx = left, ly = top + ph + 58, col = pw / 3;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int x = lx + (i % 3) * col, y = ly + (i / 3) * 22;
            g.setColor(s.color());
            if (s.style() == Style.POINTS) { g.setStroke(new BasicStroke(1.6f)); g.drawRect(x + 8, y - 10, 11, 11); }
            else if (s.style() == Style.BARS) g.fillRect(x, y - 11, 26, 12);
            else if (s.style() == Style.RANGE) { g.setStroke(new BasicStroke(1.6f)); g.drawLine(x + 13, y - 12, x + 13, y + 2); g.drawLine(x + 8, y - 12, x + 18, y - 12); g.drawLine(x + 8, y + 2, x + 18, y + 2); }
            else { g.setStroke(new BasicStroke(2.4f)); g.drawLine(x, y - 5, x + 26, y - 5); }
            g.setColor(Draw.INK);
            Draw.text(g, s.name(), x + 34, y, 13, false, -1);
        }
        g.dispose();
        return img;
    }

    /** Round tick values covering [lo, hi], about n of them. */
    static double[] ticks(double lo, double hi, int n) {
        double raw = (hi - lo) / n, mag = Math.pow(10, Math.floor(Math.log10(raw))), step;
        double f = raw / mag;
        step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        double start = Math.ceil(lo / step - 1e-9) * step;
        int count = (int) Math.floor((hi - start) / step + 1e-9) + 1;
        double[] t = new double[Math.max(0, count)];
        for (int i = 0; i < t.length; i++) t[i] = start + i * step;
        return t;
    }

    static String trim(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) return Long.toString(Math.round(v));
        String s = Draw.fmt("%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Pictures side by side on one canvas (e.g. three charts sharing a story). */
    public static BufferedImage row(BufferedImage... parts) {
        int w = 0, h = 0;
        for (BufferedImage p : parts) { w += p.getWidth(); h = Math.max(h, p.getHeight()); }
        BufferedImage img = Draw.canvas(w, h);
        Graphics2D g = img.createGraphics();
        int x = 0;
        for (BufferedImage p : parts) { g.drawImage(p, x, 0, null); x += p.getWidth(); }
        g.dispose();
        return img;
    }

    public static double[] range(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return x;
    }
}
