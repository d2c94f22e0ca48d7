package glassbox.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.data.DigitImage;
import glassbox.engine.BadInputException;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * What a predict request carries, checked at the boundary: either the 784 pixels the network reads
 * ({"pixels": [...]}, 0..1 row by row), or a raw drawing that the lab preprocesses the MNIST way with
 * {@link DigitImage#normalize}: grey levels ({"width", "height", "grey": [...]}, ink bright) or pen
 * strokes ({"width", "height", "strokes": [[x0, y0, x1, y1, ...], ...], "line_width"}).
 */
record Drawing(float[] pixels, boolean preprocessed) {
    static final int MAX_SIDE = 1024, MAX_GREY = 512 * 512, MAX_POINTS = 50_000;

    static JsonNode parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) throw new BadInputException("the request has no body; send a JSON object such as {\"pixels\": [784 numbers in 0..1]}.");
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) throw new BadInputException("the body must be a JSON object such as {\"pixels\": [784 numbers in 0..1]}.");
            return node;
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("").split(" \\(|: enable| at \\[Source")[0];
            if (why.length() > 120) why = why.substring(0, 120) + "...";
            throw new BadInputException("the body is not valid JSON (" + why + ").");
        } catch (IOException e) {
            throw new BadInputException("the body could not be read (" + e.getMessage() + ").");
        }
    }

    /** Reads a predict body for a network that takes {@code inputs} values. */
    static Drawing from(JsonNode body, int inputs) {
        if (body.has("pixels")) return new Drawing(numbers(body.get("pixels"), "pixels", inputs, inputs), false);
        if (body.has("grey") || body.has("strokes")) {
            int w = side(body, "width"), h = side(body, "height");
            float[] grey = body.has("grey") ? grey(body.get("grey"), w, h) : strokes(body, w, h);
            if (inputs != DigitImage.SIDE * DigitImage.SIDE)
                throw new BadInputException("this model takes " + inputs + " values, so send them as \"pixels\"; drawings become 28x28 images.");
            return new Drawing(DigitImage.normalize(grey, w, h), true);
        }
        throw new BadInputException("send \"pixels\" (" + inputs + " numbers in 0..1), or a drawing as \"width\", \"height\" and \"grey\" or \"strokes\".");
    }

    private static int side(JsonNode body, String key) {
        JsonNode n = body.get(key);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber())
            throw new BadInputException("a drawing needs \"" + key + "\", a whole number of pixels from 1 to " + MAX_SIDE + ".");
        int v = n.intValue();
        if (v < 1 || v > MAX_SIDE) throw new BadInputException("the drawing's " + key + " must be from 1 to " + MAX_SIDE + " pixels, not " + v + ".");
        return v;
    }

    private static float[] grey(JsonNode grey, int w, int h) {
        if ((long) w * h > MAX_GREY) throw new BadInputException("the drawing has " + w + "x" + h + " pixels; send at most " + MAX_GREY + " (e.g. 512x512).");
        return numbers(grey, "grey", w * h, w * h);
    }

    /** An array of exactly n numbers in 0..1 (min == max == n). */
    static float[] numbers(JsonNode array, String what, int min, int max) {
        if (array == null || !array.isArray()) throw new BadInputException("\"" + what + "\" must be a list of " + max + " numbers in 0..1.");
        int n = array.size();
        if (n < min || n > max) throw new BadInputException("\"" + what + "\" must hold " + max + " numbers, not " + n + ".");
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) throw new BadInputException("\"" + what + "\"[" + i + "] is " + Models.shorten(v.toString()) + ", not a number.");
            double d = v.doubleValue();
            if (!(d >= 0 && d <= 1)) throw new BadInputException("\"" + what + "\"[" + i + "] is " + d + "; values must be in 0..1.");
            out[i] = (float) d;
        }
        return out;
    }

    /** Draws the strokes white on black with round caps, anti-aliased, and reads back the grey levels. */
    private static float[] strokes(JsonNode body, int w, int h) {
        JsonNode strokes = body.get("strokes");
        if (!strokes.isArray()) throw new BadInputException("\"strokes\" must be a list of strokes, each a flat list x0, y0, x1, y1, ...");
        JsonNode lw = body.get("line_width");
        double lineWidth = lw == null ? Math.max(w, h) / 12.0 : lw.asDouble(Double.NaN);
        if (!(lineWidth > 0 && lineWidth <= Math.max(w, h)))
            throw new BadInputException("\"line_width\" must be a positive number of pixels up to the drawing's size.");
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke((float) lineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            int points = 0;
            for (JsonNode s : strokes) {
                if (!s.isArray() || s.size() % 2 != 0 || s.isEmpty())
                    throw new BadInputException("each stroke must be a flat list of coordinates x0, y0, x1, y1, ... (an even count).");
                points += s.size() / 2;
                if (points > MAX_POINTS) throw new BadInputException("the drawing has more than " + MAX_POINTS + " points; simplify the strokes.");
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < s.size(); i += 2) {
                    double x = coordinate(s.get(i)), y = coordinate(s.get(i + 1));
                    if (i == 0) path.moveTo(x, y); else path.lineTo(x, y);
                }
                if (s.size() == 2) path.lineTo(coordinate(s.get(0)) + 0.01, coordinate(s.get(1)));   // a dot
                g.draw(path);
            }
        } finally {
            g.dispose();
        }
        byte[] raster = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        float[] grey = new float[w * h];
        for (int i = 0; i < grey.length; i++) grey[i] = (raster[i] & 0xff) / 255f;
        return grey;
    }

    private static double coordinate(JsonNode v) {
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || Math.abs(v.doubleValue()) > 1e6)
            throw new BadInputException("stroke coordinates must be finite numbers, not " + Models.shorten(v.toString()) + ".");
        return v.doubleValue();
    }
}
