package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Convolutional networks and committees saved and loaded: the same numbers come back. */
class CnnModelFileTest {
    @TempDir Path dir;

    static Network cnn(long seed) {
        Architecture a = new Architecture("conv3x3x4-bn-pool2-conv3x3x6p0-pool2-dropout0.5-fc10", new Shape(1, 12, 12),
                new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
        Network n = Network.create(a, Initializer.HE, seed);
        float[][] xy = GradientCheck.randomBatch(n, 8, seed);
        n.feedforward(xy[0], 8, true);   // moves the batch-norm running statistics away from 0 and 1
        return n;
    }

    static float[] inputs(int batch) { return GradientCheck.randomBatch(cnn(0), batch, 99)[0]; }

    @Test void a_cnn_with_batch_norm_round_trips_with_its_running_statistics() throws Exception {
        Network n = cnn(1);
        Path file = dir.resolve("cnn.gbx");
        ModelFile.save(n, Map.of("seed", 1), file);
        ModelFile.Model m = ModelFile.load(file);
        Network back = m.network();
        assertThat(back.architecture.layers()).isEqualTo(n.architecture.layers());
        BatchNorm bn = (BatchNorm) back.layers.get(1);
        assertThat(bn.runningMean.value()).containsExactly(((BatchNorm) n.layers.get(1)).runningMean.value());
        assertThat(bn.runningMean.value()[0]).isNotZero();
        float[] x = inputs(5);
        assertThat(back.feedforward(x, 5).clone()).containsExactly(java.util.Arrays.copyOf(n.feedforward(x, 5), 50));
    }

    @Test void a_committee_is_one_file_and_answers_with_its_members_mean() throws Exception {
        Committee c = new Committee(List.of(cnn(1), cnn(2), cnn(3)));
        Path file = dir.resolve("committee.gbx");
        ModelFile.save(c, Map.of("members", 3), file);
        ModelFile.Model m = ModelFile.load(file);
        assertThat(m.classifier()).isInstanceOf(Committee.class);
        Committee back = (Committee) m.classifier();
        assertThat(back.members).hasSize(3);
        assertThat(back.parameterCount()).isEqualTo(c.parameterCount());
        int batch = Committee.SLICE + 5;   // more than one slice, the last one partial
        float[] x = inputs(batch);
        float[] mean = new float[batch * 10];
        for (Network member : c.members) {
            float[] a = member.feedforward(x, batch);
            for (int i = 0; i < mean.length; i++) mean[i] += a[i] / 3;
        }
        float[] got = back.feedforward(x, batch);
        for (int i = 0; i < mean.length; i++) assertThat(got[i]).isCloseTo(mean[i], org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(back.predict(java.util.Arrays.copyOf(x, 144))).hasSize(10);
    }

    @Test void asking_a_committee_file_for_one_network_says_what_it_is() throws Exception {
        Path file = dir.resolve("committee.gbx");
        ModelFile.save(new Committee(List.of(cnn(1), cnn(2))), Map.of(), file);
        assertThatThrownBy(() -> ModelFile.load(file).network()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("committee of 2");
    }

    @Test void a_committee_of_networks_with_different_inputs_is_refused() {
        Network other = Network.create(new Architecture("784-10", new Shape(1, 28, 28), new Activation.Sigmoid(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()), Initializer.HE, 1);
        assertThatThrownBy(() -> new Committee(List.of(cnn(1), other))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("must take the same input");
    }
}
