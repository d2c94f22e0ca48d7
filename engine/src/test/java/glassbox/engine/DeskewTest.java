package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static glassbox.engine.CnnArchitectureTest.build;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The deskew layer stands slanted strokes upright and centres them; it comes first only. */
class DeskewTest {
    @TempDir Path dir;

    /** A one-pixel-wide stroke leaning right by {@code lean} pixels across per pixel down, rows 4..23, starting at column x0. */
    static float[] slantedStroke(double lean, int x0) {
        float[] img = new float[28 * 28];
        for (int y = 4; y < 24; y++) img[y * 28 + (int) Math.round(x0 - lean * (y - 4))] = 1f;
        return img;
    }

    /** Covariance of the ink's x and y, over var(y): the skew deskewing removes. */
    static double skew(float[] img) {
        double t = 0, mx = 0, my = 0, vy = 0, cxy = 0;
        for (int i = 0; i < 784; i++) { t += img[i]; mx += (i % 28) * img[i]; my += (i / 28) * img[i]; }
        mx /= t; my /= t;
        for (int i = 0; i < 784; i++) { vy += (i / 28 - my) * (i / 28 - my) * img[i]; cxy += (i % 28 - mx) * (i / 28 - my) * img[i]; }
        return cxy / vy;
    }

    static double[] centre(float[] img) {
        double t = 0, mx = 0, my = 0;
        for (int i = 0; i < 784; i++) { t += img[i]; mx += (i % 28) * img[i]; my += (i / 28) * img[i]; }
        return new double[] {my / t, mx / t};
    }

    @Test void a_slanted_stroke_stands_upright_in_the_middle_and_keeps_its_ink() {
        float[] x = new float[2 * 784];
        System.arraycopy(slantedStroke(0.4, 22), 0, x, 0, 784);    // a "/" leaning right, off to the right
        System.arraycopy(slantedStroke(-0.3, 3), 0, x, 784, 784);  // a "\" leaning left, off to the left
        Deskew d = (Deskew) build("deskew-fc10").layers.getFirst();
        d.forward(x, 2, false);
        for (int b = 0; b < 2; b++) {
            float[] in = java.util.Arrays.copyOfRange(x, b * 784, (b + 1) * 784), out = java.util.Arrays.copyOfRange(d.output(), b * 784, (b + 1) * 784);
            assertThat(Math.abs(skew(in))).as("image %d before", b).isGreaterThan(0.25);
            assertThat(skew(out)).as("image %d after", b).isCloseTo(0, within(0.02));
            assertThat(centre(out)[0]).isCloseTo(14, within(0.1));
            assertThat(centre(out)[1]).isCloseTo(14, within(0.1));
            double inkIn = 0, inkOut = 0;
            for (int i = 0; i < 784; i++) { inkIn += in[i]; inkOut += out[i]; }
            assertThat(inkOut).isCloseTo(inkIn, within(0.5));
        }
    }

    @Test void an_upright_centred_digit_and_an_empty_image_pass_through() {
        float[] x = new float[2 * 784];
        for (int y = 6; y < 23; y++) x[y * 28 + 14] = 1f;   // "|" at column 14, centre of mass at (14, 14)
        Deskew d = new Deskew(CnnArchitectureTest.MNIST);
        d.forward(x, 2, false);
        for (int i = 0; i < 784; i++) assertThat(d.output()[i]).isCloseTo(x[i], within(1e-6f));
        for (int i = 784; i < 2 * 784; i++) assertThat(d.output()[i]).isZero();
    }

    @Test void deskew_must_come_first_and_needs_one_channel_images() {
        assertThatThrownBy(() -> build("conv3x3x8-deskew-fc10")).isInstanceOf(BadInputException.class)
                .hasMessage("layer 2 'deskew' must come first: it straightens the input image.");
        assertThatThrownBy(() -> new Architecture("deskew-fc10", new Shape(3, 8, 8), new Activation.Relu(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()).build()).hasMessage("layer 1 'deskew' straightens one-channel images, but its input is 3x8x8.");
    }

    @Test void a_network_that_deskews_trains_its_layers_after_and_round_trips_through_a_file() throws Exception {
        trainsBehindAndRoundTrips("deskew-conv3x3x4s2-avgpool2-fc10", dir);
    }

    /** The layers behind an input normalisation pass a gradient check, and the net survives a model file bit for bit. */
    static void trainsBehindAndRoundTrips(String layers, Path dir) throws Exception {
        // tanh and average pooling: no kinks for the finite differences to straddle
        Network n = Network.create(new Architecture(layers, CnnArchitectureTest.MNIST, new Activation.Tanh(),
                new Activation.Softmax(), new Cost.SoftmaxLogLikelihood()), Initializer.XAVIER, 3);
        float[][] xy = GradientCheck.randomBatch(n, 4, 3);
        assertThat(GradientCheck.maxRelativeError(n, xy[0], xy[1], 4, 1e-2f, 30, 3)).isLessThan(2e-2);
        Path file = dir.resolve("normalised.gbx");
        ModelFile.save(n, Map.of(), file);
        Network back = ModelFile.load(file).network();
        assertThat(back.architecture.layers()).isEqualTo(layers);
        assertThat(back.feedforward(xy[0], 4).clone()).containsExactly(java.util.Arrays.copyOf(n.feedforward(xy[0], 4), 40));
    }
}
