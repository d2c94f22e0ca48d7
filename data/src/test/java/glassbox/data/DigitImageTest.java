package glassbox.data;

import glassbox.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

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

    @TempDir Path dir;

    /** Grey 128 was read as 188: BufferedImage.getRGB passes a grey PNG through the linear-to-sRGB curve. */
    @Test void a_grey_png_is_read_as_stored() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_USHORT_GRAY}) {
            BufferedImage img = new BufferedImage(28, 28, type);
            int full = type == BufferedImage.TYPE_BYTE_GRAY ? 255 : 65535;
            img.getRaster().setSample(10, 12, 0, full / 255 * 128);
            img.getRaster().setSample(11, 12, 0, full);
            Path png = dir.resolve("grey" + type + ".png");
            ImageIO.write(img, "png", png.toFile());
            float[] p = DigitImage.fromFile(png);
            assertThat(p[12 * 28 + 10]).as("grey 128 of 255, type " + type).isEqualTo(128 / 255f);
            assertThat(p[12 * 28 + 11]).isEqualTo(1f);
        }
    }

    /** MNIST test digits saved as PNG read back as exactly MNIST's numbers: a 28x28 digit is taken as it is. */
    @Test void mnist_digits_saved_as_png_read_back_exactly() throws IOException {
        var test = Mnist.loadTest("mnist");
        for (int i = 0; i < 200; i++) {
            float[] x = test.input(i);
            Path png = dir.resolve(i + ".png");
            ImageIO.write(greyImage(x), "png", png.toFile());
            assertThat(DigitImage.fromFile(png)).as("MNIST test image " + i).containsExactly(x);
        }
    }

    /** The same digit as dark ink on white, at 28x28: inverted, and otherwise left as it is. */
    @Test void a_28x28_dark_on_light_digit_is_only_inverted() throws IOException {
        float[] x = Mnist.loadTest("mnist").input(0), paper = new float[784];
        for (int i = 0; i < 784; i++) paper[i] = 1f - x[i];
        Path png = dir.resolve("seven.png");
        ImageIO.write(greyImage(paper), "png", png.toFile());
        float[] p = DigitImage.fromFile(png);
        for (int i = 0; i < 784; i++) assertThat(p[i]).as("pixel " + i).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-6f));
    }

    /** A truncated JPEG decoded to a half-grey picture and was read as a 4 with exit 0. */
    @Test void a_truncated_jpeg_is_refused() throws IOException {
        Path jpg = dir.resolve("bar.jpg");
        ImageIO.write(darkInkOnPaper(), "jpg", jpg.toFile());
        byte[] b = Files.readAllBytes(jpg);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(b, b.length * 2 / 3));
        assertThatThrownBy(() -> DigitImage.fromFile(cut)).isInstanceOf(BadInputException.class).hasMessageContaining("cut.jpg").hasMessageContaining("damaged");
    }

    /** A CMYK JPEG (ink in K) read as blank: it reads as its RGB twin does, whichever way its inks are stored. */
    @Test void a_cmyk_jpeg_reads_like_its_rgb_twin() throws IOException {
        BufferedImage rgb = darkInkOnPaper();
        Path twin = dir.resolve("rgb.jpg");
        ImageIO.write(rgb, "jpg", twin.toFile());
        float[] expected = DigitImage.fromFile(twin);
        for (boolean adobeInverted : new boolean[] {false, true}) {
            WritableRaster k = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, rgb.getWidth(), rgb.getHeight(), 4, null);
            for (int y = 0; y < rgb.getHeight(); y++)
                for (int x = 0; x < rgb.getWidth(); x++) {
                    int ink = 255 - (rgb.getRGB(x, y) & 0xff);
                    k.setPixel(x, y, adobeInverted ? new int[] {255, 255, 255, 255 - ink} : new int[] {0, 0, 0, ink});
                }
            Path jpg = dir.resolve("cmyk-" + adobeInverted + ".jpg");
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(jpg.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(k, null, null), null);
            }
            float[] p = DigitImage.fromFile(jpg);
            double gap = 0;
            for (int i = 0; i < 784; i++) gap += Math.abs(p[i] - expected[i]) / 784;
            assertThat(gap).as("mean pixel gap, CMYK (inverted: " + adobeInverted + ") vs RGB").isLessThan(0.03);
            int[] box = inkBox(p), want = inkBox(expected);
            for (int c = 0; c < 4; c++) assertThat(box[c]).as("ink box " + Arrays.toString(box) + " vs " + Arrays.toString(want)).isCloseTo(want[c], org.assertj.core.data.Offset.offset(1));
        }
    }

    @Test void a_picture_without_ink_is_refused_in_one_sentence() throws IOException {
        for (Color c : new Color[] {Color.WHITE, Color.BLACK, Color.GRAY}) {
            BufferedImage img = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(c);
            g.fillRect(0, 0, 50, 40);
            g.dispose();
            Path png = dir.resolve("blank.png");
            ImageIO.write(img, "png", png.toFile());
            assertThatThrownBy(() -> DigitImage.fromFile(png)).as(c.toString()).isInstanceOf(BadInputException.class).hasMessageContaining("no ink");
        }
    }

    /** A 1.5 MB PNG declaring 40000x40000 took 1.6 GB before being refused: its header is read first. */
    @Test void a_png_declaring_a_huge_size_is_refused_before_decoding() throws IOException {
        Path png = dir.resolve("huge.png");
        ImageIO.write(darkInkOnPaper(), "png", png.toFile());
        byte[] b = Files.readAllBytes(png);
        ByteBuffer ihdr = ByteBuffer.wrap(b);   // signature (8), length (4), "IHDR" (4), width, height, ..., CRC over type and data
        ihdr.putInt(16, 40_000).putInt(20, 40_000);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        ihdr.putInt(29, (int) crc.getValue());
        Files.write(png, b);
        assertThatThrownBy(() -> DigitImage.fromFile(png)).isInstanceOf(BadInputException.class).hasMessageContaining("40000x40000");
    }

    @Test void files_that_are_not_pictures_are_refused_in_one_sentence() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png")), text = Files.writeString(dir.resolve("x.png"), "hello");
        for (Path f : List.of(empty, text))
            assertThatThrownBy(() -> DigitImage.fromFile(f)).isInstanceOf(BadInputException.class).hasMessageContaining("not an image");
        assertThatThrownBy(() -> DigitImage.fromFile(dir.resolve("missing.png"))).isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> DigitImage.fromFile(dir)).isInstanceOf(BadInputException.class).hasMessageContaining("folder");
    }

    /** 784 floats as an 8-bit grey picture, the way MNIST's bytes would be saved. */
    static BufferedImage greyImage(float[] x) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) img.getRaster().setSample(i % 28, i / 28, 0, Math.round(x[i] * 255));
        return img;
    }

    static int argmax(float[] a) {
        int b = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
        return b;
    }
}
