package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static glassbox.engine.CnnArchitectureTest.build;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The widthN layer draws every digit N pixels wide, centred, rows unchanged; it comes first only. */
class NormaliseWidthTest {
    @TempDir Path dir;

    /** Ink in rows 4..23 of columns [x0, x1]. */
    static float[] block(int x0, int x1) {
        float[] img = new float[784];
        for (int y = 4; y < 24; y++) for (int x = x0; x <= x1; x++) img[y * 28 + x] = 1f;
        return img;
    }

    /** First and last column holding a pixel at least half dark, and the rows with any ink. */
    static int[] box(float[] img) {
        int left = 28, right = -1, top = 28, bottom = -1;
        for (int i = 0; i < 784; i++) {
            if (img[i] >= 0.5f) { left = Math.min(left, i % 28); right = Math.max(right, i % 28); }
            if (img[i] > 0) { top = Math.min(top, i / 28); bottom = Math.max(bottom, i / 28); }
        }
        return new int[] {left, right, top, bottom};
    }

    static double ink(float[] img) { double t = 0; for (float p : img) t += p; return t; }

    @Test void a_thin_one_and_a_wide_digit_both_come_out_sixteen_pixels_wide_in_the_middle() {
        float[] x = new float[2 * 784];
        System.arraycopy(block(20, 21), 0, x, 0, 784);   // a 2-pixel "1" off to the right
        System.arraycopy(block(1, 24), 0, x, 784, 784);   // a 24-pixel-wide blot off to the left
        NormaliseWidth n = (NormaliseWidth) build("width16-fc10").layers.getFirst();
        n.forward(x, 2, false);
        for (int b = 0; b < 2; b++) {
            float[] in = Arrays.copyOfRange(x, b * 784, (b + 1) * 784), out = Arrays.copyOfRange(n.output(), b * 784, (b + 1) * 784);
            int[] box = box(out);
            assertThat(box[1] - box[0] + 1).as("image %d width", b).isBetween(15, 17);
            assertThat((box[0] + box[1]) / 2.0).as("image %d centre", b).isCloseTo(13.5, within(0.5));
            assertThat(new int[] {box[2], box[3]}).as("image %d rows", b).containsExactly(4, 23);
            double scale = 16.0 / (box(in)[1] - box(in)[0] + 1);
            assertThat(ink(out)).as("image %d ink, scaled sideways by %.2f", b, scale).isCloseTo(scale * ink(in), within(0.05 * scale * ink(in)));
        }
    }

    @Test void squeezing_keeps_every_thin_stroke() {
        float[] x = new float[784];
        int[] strokes = {0, 9, 18, 27};   // one-pixel strokes across the whole width, squeezed to half
        for (int y = 4; y < 24; y++) for (int s : strokes) x[y * 28 + s] = 1f;
        NormaliseWidth n = new NormaliseWidth(CnnArchitectureTest.MNIST, 14);
        n.forward(x, 1, false);
        for (int s : strokes) {
            int c = (int) Math.round(13.5 + (s - 13.5) / 2);   // where the stroke lands
            float darkest = 0;
            for (int dc = -1; dc <= 1; dc++) if (c + dc >= 0 && c + dc < 28) darkest = Math.max(darkest, n.output()[14 * 28 + c + dc]);
            assertThat(darkest).as("stroke at column %d", s).isGreaterThan(0.2f);
        }
        assertThat(ink(n.output())).isCloseTo(ink(x) / 2, within(0.05 * ink(x)));
    }

    @Test void a_digit_already_that_wide_and_centred_and_an_empty_image_pass_through() {
        float[] x = new float[2 * 784];
        System.arraycopy(block(6, 21), 0, x, 0, 784);   // 16 wide, centred on 13.5
        NormaliseWidth n = new NormaliseWidth(CnnArchitectureTest.MNIST, 16);
        n.forward(x, 2, false);
        for (int i = 0; i < 784; i++) assertThat(n.output()[i]).isCloseTo(x[i], within(1e-6f));
        for (int i = 784; i < 2 * 784; i++) assertThat(n.output()[i]).isZero();
    }

    @Test void width_must_come_first_fit_the_image_and_have_one_channel() {
        assertThatThrownBy(() -> build("conv3x3x8-width16-fc10")).isInstanceOf(BadInputException.class)
                .hasMessage("layer 2 'width16' must come first: it resizes the input image.");
        assertThatThrownBy(() -> build("width40-fc10")).isInstanceOf(BadInputException.class)
                .hasMessage("layer 1 'width40' asks for digits 40 pixels wide, but its input is only 28 pixels wide.");
        assertThatThrownBy(() -> new Architecture("width4-fc10", new Shape(3, 8, 8), new Activation.Relu(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()).build()).hasMessage("layer 1 'width4' resizes one-channel images, but its input is 3x8x8.");
        assertThatThrownBy(() -> build("width0-fc10")).isInstanceOf(BadInputException.class).hasMessageContaining("layer 1 'width0'");
    }

    @Test void a_network_behind_it_trains_and_round_trips_through_a_file() throws Exception {
        DeskewTest.trainsBehindAndRoundTrips("width12-conv3x3x4s2-avgpool2-fc10", dir);
    }
}
