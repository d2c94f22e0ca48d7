package glassbox.data;

import glassbox.engine.BadInputException;
import org.junit.jupiter.api.Test;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigitImageTest {

    static double[] centreOfMass(float[] p) {
        double m = 0, x = 0, y = 0;
        for (int i = 0; i < 784; i++) { m += p[i]; x += p[i] * (i % 28 + 0.5); y += p[i] * (i / 28 + 0.5); }
        return new double[] {x / m, y / m};
    }

    static int[] inkBox(float[] p) {
        int x0 = 28, y0 = 28, x1 = -1, y1 = -1;
        for (int i = 0; i < 784; i++) if (p[i] > 0.1f) { x0 = Math.min(x0, i % 28); x1 = Math.max(x1, i % 28); y0 = Math.min(y0, i / 28); y1 = Math.max(y1, i / 28); }
        return new int[] {x0, y0, x1, y1};
    }

    /** A big dark "1"-like bar drawn off-centre on white paper, as a photo of ink would be. */
    static BufferedImage darkInkOnPaper() {
        BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 200);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(12));
        g.drawLine(40, 20, 70, 180);
        g.dispose();
        return img;
    }

    @Test void dark_ink_on_paper_becomes_a_bright_centred_20_pixel_digit() {
        float[] p = DigitImage.fromImage(darkInkOnPaper());
        assertThat(p).hasSize(784);
        double[] c = centreOfMass(p);
        assertThat(c[0]).isBetween(13.0, 15.0);
        assertThat(c[1]).isBetween(13.0, 15.0);
        int[] box = inkBox(p);
        assertThat(box[3] - box[1] + 1).as("height of the ink").isBetween(19, 21);
        assertThat(p[0]).as("the corner is background").isEqualTo(0f);
        float max = 0;
        for (float v : p) max = Math.max(max, v);
        assertThat(max).isGreaterThan(0.9f).isLessThanOrEqualTo(1f);
    }

    @Test void a_blank_picture_gives_all_zeros() {
        float[] p = DigitImage.normalize(new float[100 * 100], 100, 100);
        for (float v : p) assertThat(v).isZero();
    }

    @Test void nan_pixels_and_wrong_sizes_are_refused() {
        float[] g = new float[16];
        g[3] = Float.NaN;
        assertThatThrownBy(() -> DigitImage.normalize(g, 4, 4)).isInstanceOf(BadInputException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> DigitImage.normalize(new float[15], 4, 4)).isInstanceOf(BadInputException.class);
    }

    /** Re-normalising MNIST's own (already normalised) digits must not hurt a trained network. */
    @Test void renormalised_mnist_digits_are_read_as_well_as_the_originals() {
        var net = glassbox.engine.ModelFile.load(java.nio.file.Path.of("..", "models", "mlp-100.gbx")).network();   // a net that reads digits well: the drop is the normalisation's
        var test = Mnist.loadTest("mnist");
        int n = 1000, original = 0, again = 0;
        for (int i = 0; i < n; i++) {
            float[] x = test.input(i);
            int label = test.labels()[i];
            if (argmax(net.predict(x)) == label) original++;
            if (argmax(net.predict(DigitImage.normalize(x, 28, 28))) == label) again++;
        }
        assertThat(again).as("right answers after re-normalising (before: %d of %d)", original, n).isGreaterThan(original - 20);
    }

    static int argmax(float[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }
}
