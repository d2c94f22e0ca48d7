package glassbox.lab;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The small pieces the experiments stand on: image moves, noise, the colour convention, smoothness. */
class PiecesTest {

    @Test void shifting_moves_a_pixel_and_blanks_what_comes_in() {
        float[] in = new float[784], out = new float[784];
        in[10 * 28 + 12] = 1f;
        ShiftedDigitsBreakTheMlp.shift(in, 0, out, 0, 3, -2);
        assertThat(out[8 * 28 + 15]).isEqualTo(1f);
        float sum = 0;
        for (float v : out) sum += v;
        assertThat(sum).isEqualTo(1f);
        ShiftedDigitsBreakTheMlp.shift(in, 0, out, 0, 20, 0);
        assertThat(out).containsOnly(0f);
    }

    @Test void scaling_by_one_changes_nothing_and_by_half_shrinks_towards_the_centre() {
        float[] in = new float[784], out = new float[784];
        Random r = new Random(1);
        for (int i = 0; i < 784; i++) in[i] = r.nextFloat();
        ShiftedDigitsBreakTheMlp.scale(in, 0, out, 0, 1.0);
        for (int i = 0; i < 784; i++) assertThat(out[i]).isCloseTo(in[i], within(1e-6f));
        ShiftedDigitsBreakTheMlp.scale(in, 0, out, 0, 0.5);
        assertThat(out[0]).as("a corner samples from outside the image").isEqualTo(0f);
    }

    @Test void salt_and_pepper_noise_inks_about_its_density() {
        float[] x = NoiseFoolsTheNetwork.noiseImages(new NoiseFoolsTheNetwork.Setting("salt-and-pepper", 0.2), 50, new Random(3));
        int white = 0;
        for (float v : x) { assertThat(v).isIn(0f, 1f); if (v == 1f) white++; }
        assertThat(white / (double) x.length).isCloseTo(0.2, within(0.01));
    }

    @Test void signed_colours_are_blue_for_positive_red_for_negative_black_at_zero() {
        Color plus = Draw.signed(1, 1), minus = Draw.signed(-1, 1), zero = Draw.signed(0, 1), half = Draw.signed(0.5, 1);
        assertThat(plus.getBlue()).isGreaterThan(plus.getRed());
        assertThat(minus.getRed()).isGreaterThan(minus.getBlue());
        assertThat(zero).isEqualTo(Color.BLACK);
        assertThat(half.getBlue()).as("brightness follows magnitude").isLessThan(plus.getBlue()).isGreaterThan(0);
        assertThat(Draw.signed(5, 1)).as("clipped at the scale").isEqualTo(plus);
    }

    @Test void neighbour_correlation_is_near_zero_for_noise_and_near_one_for_a_smooth_map() {
        float[] noise = new float[784], smooth = new float[784];
        Random r = new Random(2);
        for (int i = 0; i < 784; i++) { noise[i] = (float) r.nextGaussian(); smooth[i] = (float) Math.sin((i / 28) / 6.0) + (float) Math.cos((i % 28) / 6.0); }
        assertThat(WeightMapsLookLikeNoise.neighbourCorrelation(noise, 1)).isCloseTo(0, within(0.1));
        assertThat(WeightMapsLookLikeNoise.neighbourCorrelation(smooth, 1)).isGreaterThan(0.9);
    }

    @Test void ticks_are_round_numbers_covering_the_range() {
        double[] t = Chart.ticks(0, 1, 6);
        assertThat(t).hasSize(6);
        for (int i = 0; i < t.length; i++) assertThat(t[i]).isCloseTo(0.2 * i, within(1e-9));
        assertThat(Chart.ticks(-6.5, 6.5, 8)).containsExactly(-6, -4, -2, 0, 2, 4, 6);
    }
}
