package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Backprop through whole dense networks against central finite differences (float32, ε = 1e-2). */
class NetworkGradientTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("20-7-5-4", new Activation.Sigmoid(), new Activation.Sigmoid(), new Cost.Quadratic()),
                Arguments.of("20-6-4", new Activation.Tanh(), new Activation.Sigmoid(), new Cost.CrossEntropy()),
                Arguments.of("20-8-8-5", new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood()),
                Arguments.of("20-8-5", new Activation.LeakyRelu(), new Activation.Linear(), new Cost.Quadratic()),
                Arguments.of("20-5", new Activation.Sigmoid(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood()));
    }

    @ParameterizedTest @MethodSource("networks")
    void dense_backprop_matches_finite_difference(String layers, Activation hidden, Activation output, Cost cost) {
        Network net = Network.create(new Architecture(layers, Shape.vector(20), hidden, output, cost), Initializer.SCALED, 11);
        float[][] xy = GradientCheck.randomBatch(net, 6, 5);
        double worst = GradientCheck.maxRelativeError(net, xy[0], xy[1], 6, 1e-2f, 40, 9);
        assertThat(worst).as("largest gap, analytic vs numeric, %s %s", layers, hidden.name()).isLessThan(3e-2);
    }

    @Test void a_784_16_16_10_network_has_13002_parameters() {
        Network net = Network.create(new Architecture("784-16-16-10", new Shape(1, 28, 28), new Activation.Sigmoid(),
                new Activation.Sigmoid(), new Cost.Quadratic()), Initializer.NORMAL, 1);
        assertThat(net.parameterCount()).isEqualTo(13_002);
        assertThat(net.toString()).isEqualTo("784-16-16-10 sigmoid");
    }

    @Test void feedforward_computes_sigma_of_w_a_plus_b_by_hand() {
        Network net = new Architecture("2-1", Shape.vector(2), new Activation.Sigmoid(), new Activation.Sigmoid(), new Cost.Quadratic()).build();
        Dense d = net.output();
        d.w()[0] = 0.5f; d.w()[1] = -1f; d.b()[0] = 0.25f;
        float[] a = net.predict(new float[] {2f, 1f});
        assertThat(a[0]).isCloseTo((float) (1 / (1 + Math.exp(-(0.5 * 2 - 1 + 0.25)))), org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test void the_same_seed_gives_the_same_weights_and_another_seed_does_not() {
        Architecture a = new Architecture("30-10-3", Shape.vector(30), new Activation.Sigmoid(), new Activation.Sigmoid(), new Cost.Quadratic());
        float[] w1 = Network.create(a, Initializer.NORMAL, 4).output().w();
        float[] w2 = Network.create(a, Initializer.NORMAL, 4).output().w();
        float[] w3 = Network.create(a, Initializer.NORMAL, 5).output().w();
        assertThat(w1).containsExactly(w2);
        assertThat(w1).isNotEqualTo(w3);
    }
}
