package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationTest {

    static List<Activation> all() {
        return List.of(new Activation.Sigmoid(), new Activation.Tanh(), new Activation.Relu(), new Activation.LeakyRelu(),
                new Activation.Linear(), new Activation.Softmax());
    }

    /** Σ_j da_j · ∂a_j/∂z_i by central differences in double, compared with backprop's dz_i. */
    @ParameterizedTest @MethodSource("all")
    void backprop_matches_finite_difference(Activation sigma) {
        int rows = 3, cols = 5;
        Random r = new Random(7);
        float[] z = new float[rows * cols], da = new float[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (r.nextGaussian() * 2);
            if (Math.abs(z[i]) < 0.05f) z[i] = 0.3f;          // keep ReLU's kink out of reach of ε
            da[i] = (float) r.nextGaussian();
        }
        float[] a = new float[z.length], dz = new float[z.length];
        sigma.apply(z, a, rows, cols);
        sigma.backprop(z, a, da, dz, rows, cols);
        double worst = 0, eps = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float[] zp = z.clone(), zm = z.clone(), ap = new float[z.length], am = new float[z.length];
            zp[i] += (float) eps;
            zm[i] -= (float) eps;
            sigma.apply(zp, ap, rows, cols);
            sigma.apply(zm, am, rows, cols);
            double numeric = 0;
            for (int j = 0; j < z.length; j++) numeric += da[j] * ((double) ap[j] - am[j]) / (2 * eps);
            worst = Math.max(worst, Math.abs(numeric - dz[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(dz[i])));
        }
        assertThat(worst).as("largest relative gap for %s", sigma.name()).isLessThan(2e-2);
    }

    @Test void softmax_rows_sum_to_one_even_for_huge_inputs() {
        float[] z = {1000f, 1001f, 999f, -5f, 0f, 5f}, a = new float[6];
        new Activation.Softmax().apply(z, a, 2, 3);
        assertThat(a[0] + a[1] + a[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(a[3] + a[4] + a[5]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(a[1]).isGreaterThan(a[0]);
    }

    @Test void sigmoid_of_zero_is_one_half() {
        assertThat(new Activation.Sigmoid().apply(0f)).isEqualTo(0.5f);
    }

    @Test void parse_reads_every_name_and_rejects_others() {
        for (Activation a : all()) assertThat(Activation.parse(Activation.spec(a))).isEqualTo(a);
        assertThat(Activation.parse("leakyrelu:0.2")).isEqualTo(new Activation.LeakyRelu(0.2f));
        assertThatThrownBy(() -> Activation.parse("swish")).isInstanceOf(BadInputException.class).hasMessageContaining("swish");
    }
}
