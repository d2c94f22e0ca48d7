package glassbox.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Java2D helpers shared by the figures: white canvases, text, MNIST digits (dark ink on white) and
 * signed maps in the videos' colours: blue positive, red negative, brightness = magnitude (0 is black).
 */
public final class Draw {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final Color INK = new Color(30, 30, 30), GRID = new Color(225, 225, 225), MUTED = new Color(110, 110, 110);
    public static final String FONT = "DejaVu Sans";

    private Draw() {}

    public static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    public static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(INK);
        g.setFont(font(14, false));
        return g;
    }

    public static Font font(int size, boolean bold) { return new Font(FONT, bold ? Font.BOLD : Font.PLAIN, size); }

    /** Draws s with its baseline at y; align -1 left of x, 0 centred on x, 1 right of x. */
    public static void text(Graphics2D g, String s, double x, double y, int size, boolean bold, int align) {
        g.setFont(font(size, bold));
        FontMetrics m = g.getFontMetrics();
        int w = m.stringWidth(s);
        double left = align < 0 ? x : align == 0 ? x - w / 2.0 : x - w;
        g.drawString(s, (float) left, (float) y);
    }

    /** Text turned 90° anticlockwise, centred on (x, y): for y-axis labels. */
    public static void verticalText(Graphics2D g, String s, double x, double y, int size) {
        var saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        text(g, s, 0, 0, size, false, 0);
        g.setTransform(saved);
    }

    /** The videos' colour for a signed value: blue positive, red negative, brightness |v| / max (clipped at 1). */
    public static Color signed(double v, double max) {
        double t = max <= 0 ? 0 : Math.min(1, Math.abs(v) / max);
        return v >= 0 ? new Color((int) (40 * t), (int) (130 * t), (int) (255 * t))
                      : new Color((int) (255 * t), (int) (45 * t), (int) (35 * t));
    }

    /** A 28x28 signed map (784 values from offset) drawn with px-pixel cells at (x, y). */
    public static void weightMap(Graphics2D g, float[] w, int offset, double max, int x, int y, int px) {
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) {
                g.setColor(signed(w[offset + r * 28 + c], max));
                g.fillRect(x + c * px, y + r * px, px, px);
            }
    }

    /** An MNIST image (784 values 0..1 from offset) as dark ink on white, px-pixel cells, with a thin frame. */
    public static void digit(Graphics2D g, float[] pixels, int offset, int x, int y, int px) {
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++) {
                float v = Math.max(0, Math.min(1, pixels[offset + r * 28 + c]));
                int grey = (int) (255 * (1 - v));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(x + c * px, y + r * px, px, px);
            }
        g.setColor(new Color(180, 180, 180));
        g.setStroke(new BasicStroke(1));
        g.drawRect(x - 1, y - 1, 28 * px + 1, 28 * px + 1);
    }

    /** Pixels stored as 0..255 integers (how the JSON keeps many images short), as floats 0..1. */
    public static float[] unbyte(int[] bytes) {
        float[] f = new float[bytes.length];
        for (int i = 0; i < f.length; i++) f[i] = bytes[i] / 255f;
        return f;
    }

    public static int[] toBytes(float[] pixels, int offset, int length) {
        int[] b = new int[length];
        for (int i = 0; i < length; i++) b[i] = Math.round(255 * Math.max(0, Math.min(1, pixels[offset + i])));
        return b;
    }

    /** max |w| over w[offset, offset + length). */
    public static double maxAbs(float[] w, int offset, int length) {
        double m = 0;
        for (int i = offset; i < offset + length; i++) m = Math.max(m, Math.abs(w[i]));
        return m;
    }

    /**
     * The colour key for signed maps, width x height at (x, y): red -max .. black 0 .. blue +max, with
     * the scale's meaning written under it (e.g. "per map: ±max |w| of each map").
     */
    public static void colorBar(Graphics2D g, int x, int y, int width, int height, String left, String right, String caption) {
        for (int i = 0; i < width; i++) {
            double v = 2.0 * i / (width - 1) - 1;
            g.setColor(signed(v, 1));
            g.fillRect(x + i, y, 1, height);
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x, y, width, height);
        text(g, left, x, y + height + 16, 13, false, -1);
        text(g, "0", x + width / 2.0, y + height + 16, 13, false, 0);
        text(g, right, x + width, y + height + 16, 13, false, 1);
        if (caption != null) text(g, caption, x + width / 2.0, y + height + 34, 13, false, 0);
    }

    public static String fmt(String format, Object... args) { return String.format(Locale.ROOT, format, args); }

    public static String percent(double fraction) { return fmt("%.2f%%", 100 * fraction); }

    /**
     * Signed 28x28 maps in a grid, each titled by {@code labels[i]}; with sharedMax null every map uses its own
     * scale (±max |w| of that map, printed under it), otherwise all share ±sharedMax. A colour key closes it.
     */
    public static BufferedImage mapGrid(String title, float[] maps, int count, String[] labels, int columns, int px, Double sharedMax) {
        int tile = 28 * px, cellW = tile + 18, cellH = tile + 44, rows = (count + columns - 1) / columns;
        int width = Math.max(columns * cellW + 30, 460), height = 50 + rows * cellH + 70;
        BufferedImage img = canvas(width, height);
        Graphics2D g = graphics(img);
        text(g, title, width / 2.0, 28, 17, true, 0);
        for (int i = 0; i < count; i++) {
            int x = 15 + (i % columns) * cellW + 9, y = 50 + (i / columns) * cellH;
            double max = sharedMax != null ? sharedMax : maxAbs(maps, i * 784, 784);
            g.setColor(INK);
            text(g, labels[i], x + tile / 2.0, y + 14, 14, true, 0);
            weightMap(g, maps, i * 784, max, x, y + 20, px);
            if (sharedMax == null) { g.setColor(MUTED); text(g, fmt("max %.2f", max), x + tile / 2.0, y + 20 + tile + 16, 12, false, 0); }
        }
        g.setColor(INK);
        String caption = sharedMax == null ? "scale per map: ±(max |w| of that map, printed under it)" : fmt("one shared scale for all maps: ±%.2f", sharedMax);
        colorBar(g, width / 2 - 150, height - 62, 300, 14, sharedMax == null ? "−max" : fmt("−%.2f", sharedMax),
                sharedMax == null ? "+max" : fmt("+%.2f", sharedMax), caption);
        g.dispose();
        return img;
    }
}
