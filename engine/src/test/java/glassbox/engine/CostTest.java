package glassbox.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CostTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of(new Cost.Quadratic(), new Activation.Sigmoid()),
                Arguments.of(new Cost.Quadratic(), new Activation.Linear()),
                Arguments.of(new Cost.Quadratic(), new Activation.Tanh()),
                Arguments.of(new Cost.CrossEntropy(), new Activation.Sigmoid()),
                Arguments.of(new Cost.CrossEntropy(), new Activation.Softmax()),
                Arguments.of(new Cost.SoftmaxLogLikelihood(), new Activation.Softmax()),
                Arguments.of(new Cost.SoftmaxLogLikelihood(), new Activation.Sigmoid()));
    }

    /** δ = ∂C/∂z from Cost.delta against central differences of C(σ(z), y) in z. */
    @ParameterizedTest @MethodSource("pairs")
    void output_delta_matches_finite_difference(Cost cost, Activation sigma) {
        int rows = 4, cols = 3;
        Random r = new Random(3);
        float[] z = new float[rows * cols], y = new float[rows * cols];
        for (int i = 0; i < z.length; i++) z[i] = (float) r.nextGaussian();
        for (int b = 0; b < rows; b++) y[b * cols + r.nextInt(cols)] = 1f;
        float[] a = new float[z.length], delta = new float[z.length];
        sigma.apply(z, a, rows, cols);
        cost.delta(z, a, y, delta, sigma, rows, cols);
        double worst = 0, eps = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float[] zp = z.clone(), zm = z.clone(), ap = new float[z.length], am = new float[z.length];
            zp[i] += (float) eps;
            zm[i] -= (float) eps;
            sigma.apply(zp, ap, rows, cols);
            sigma.apply(zm, am, rows, cols);
            double numeric = (cost.cost(ap, y, rows, cols) - cost.cost(am, y, rows, cols)) / (2 * eps);
            worst = Math.max(worst, Math.abs(numeric - delta[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(delta[i])));
        }
        assertThat(worst).as("largest relative gap for %s with %s", cost.name(), sigma.name()).isLessThan(2e-2);
    }
}
