package glassbox.data;

import glassbox.engine.BadInputException;
import glassbox.engine.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Distortions of MNIST digits: seeded, in place, and the size of what they promise. */
class AugmentTest {
    static Dataset test;

    @BeforeAll static void load() { test = Mnist.loadTest("mnist"); }

    static float[] batch(int n) { return Arrays.copyOf(test.inputs(), n * 784); }

    static double ink(float[] x, int image) {
        double s = 0;
        for (int i = 0; i < 784; i++) s += x[image * 784 + i];
        return s;
    }

    @Test void no_distortion_leaves_the_images_unchanged() {
        float[] x = batch(3);
        new Augment(0, 0, 0, 0, 4).apply(x, 3, Mnist.SHAPE, new Random(1));
        assertThat(x).containsExactly(batch(3));
    }

    @Test void the_same_seed_gives_the_same_distortions_and_the_data_set_is_not_touched() {
        float[] before = test.input(0);
        Augment a = new Augment(2, 10, 0.1f, 34, 4);
        float[] x = batch(4), y = batch(4);
        a.apply(x, 4, Mnist.SHAPE, new Random(7));
        a.apply(y, 4, Mnist.SHAPE, new Random(7));
        assertThat(x).containsExactly(y);
        assertThat(x).isNotEqualTo(batch(4));
        assertThat(test.input(0)).containsExactly(before);
    }

    @Test void shifts_rotations_and_elastic_warps_move_ink_but_neither_lose_nor_double_it() {
        float[] x = batch(20);
        new Augment(2, 10, 0, 34, 4).apply(x, 20, Mnist.SHAPE, new Random(3));
        float[] original = batch(20);
        for (int b = 0; b < 20; b++) {
            assertThat(ink(x, b) / ink(original, b)).as("ink kept in image " + b).isBetween(0.6, 1.6);
            double moved = 0;
            for (int i = 0; i < 784; i++) moved += Math.abs(x[b * 784 + i] - original[b * 784 + i]);
            assertThat(moved).as("ink moved in image " + b).isGreaterThan(1.0);
        }
    }

    @Test void bilinear_reads_pixels_exactly_at_whole_coordinates_and_between_them_in_proportion() {
        float[] img = {0, 1, 2, 3};
        assertThat(Augment.bilinear(img, 2, 2, 1, 1)).isEqualTo(3f);
        assertThat(Augment.bilinear(img, 2, 2, 0.5f, 0)).isEqualTo(0.5f);
        assertThat(Augment.bilinear(img, 2, 2, -5, 0)).isEqualTo(0f);
    }

    @Test void settings_out_of_range_are_refused_in_one_sentence() {
        assertThatThrownBy(() -> new Augment(-1, 0, 0, 0, 4)).isInstanceOf(BadInputException.class).hasMessageContaining("shift");
        assertThatThrownBy(() -> new Augment(0, 0, 1.5f, 0, 4)).hasMessageContaining("scaling must be in [0, 1)");
        assertThatThrownBy(() -> new Augment(0, 0, 0, 34, 0)).hasMessageContaining("elastic smoothing");
    }
}
