package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

class OptimizerTest {

    private static Param param(float w, float summedGrad, boolean decays) {
        Param p = Param.trained("p", new int[] {1}, decays);
        p.value()[0] = w;
        p.grad()[0] = summedGrad;
        return p;
    }

    @Test void sgd_steps_against_the_mean_gradient() {
        Param p = param(1f, 4f, true);                       // summed over a batch of 2: mean 2
        new Optimizer.Sgd().step(List.of(p), 0.5f, 2, Regularization.NONE, 100);
        assertThat(p.value()[0]).isCloseTo(1f - 0.5f * 2f, offset(1e-6f));
    }

    @Test void l2_adds_lambda_over_n_times_w_and_l1_its_sign_but_not_to_biases() {
        Param w = param(2f, 0f, true), b = param(2f, 0f, false), w1 = param(-2f, 0f, true);
        new Optimizer.Sgd().step(List.of(w, b), 0.1f, 1, Regularization.l2(5f), 50);
        assertThat(w.value()[0]).isCloseTo(2f - 0.1f * (5f / 50) * 2f, offset(1e-6f));
        assertThat(b.value()[0]).isEqualTo(2f);
        new Optimizer.Sgd().step(List.of(w1), 0.1f, 1, Regularization.l1(5f), 50);
        assertThat(w1.value()[0]).isCloseTo(-2f + 0.1f * (5f / 50), offset(1e-6f));
    }

    @Test void momentum_accumulates_velocity() {
        Param p = param(0f, 1f, false);
        Optimizer m = new Optimizer.Momentum(0.9f);
        m.step(List.of(p), 1f, 1, Regularization.NONE, 1);     // v = -1, w = -1
        m.step(List.of(p), 1f, 1, Regularization.NONE, 1);     // v = -0.9 - 1, w = -2.9
        assertThat(p.value()[0]).isCloseTo(-2.9f, offset(1e-6f));
    }

    @Test void momentum_over_many_weights_gives_the_scalar_formulas_bits_with_and_without_l2() {
        java.util.Random r = new java.util.Random(8);
        for (Regularization reg : List.of(Regularization.NONE, Regularization.l2(5f), Regularization.l1(5f)))
            for (boolean decays : new boolean[] {true, false}) {
                Param p = Param.trained("w", new int[] {37}, decays);   // two vectors and a tail
                for (int i = 0; i < 37; i++) { p.value()[i] = (float) r.nextGaussian(); p.grad()[i] = (float) r.nextGaussian(); }
                float[] w = p.value().clone(), v = new float[37];
                Optimizer m = new Optimizer.Momentum(0.9f);
                for (int step = 0; step < 3; step++) {
                    m.step(List.of(p), 0.05f, 64, reg, 60_000);
                    for (int i = 0; i < 37; i++) {
                        float g = p.grad()[i] * (1f / 64), pulled = decays ? g + reg.pull(w[i], 60_000) : g;   // Optimizer.gradient on the old w
                        v[i] = 0.9f * v[i] - 0.05f * pulled;
                        w[i] += v[i];
                    }
                    assertThat(p.value()).as("%s, decays %s, step %d", reg, decays, step).containsExactly(w);
                }
            }
    }

    @Test void adam_first_step_moves_each_weight_by_the_learning_rate() {
        Param p = param(1f, 123f, false), q = param(1f, -0.001f, false);
        new Optimizer.Adam().step(List.of(p, q), 0.01f, 1, Regularization.NONE, 1);
        assertThat(p.value()[0]).isCloseTo(0.99f, offset(1e-5f));
        assertThat(q.value()[0]).isCloseTo(1.01f, offset(1e-4f));
    }

    @Test void schedules_follow_their_formulas() {
        assertThat(Schedule.COSINE.rate(1f, 0, 0, 100)).isEqualTo(1f);
        assertThat(Schedule.COSINE.rate(1f, 0, 50, 100)).isCloseTo(0.5f, offset(1e-6f));
        assertThat(Schedule.parse("step:2:0.5").rate(1f, 5, 0, 1)).isEqualTo(0.25f);
        assertThatThrownBy(() -> Schedule.parse("zigzag")).isInstanceOf(BadInputException.class);
    }

    @Test void the_exponential_schedule_multiplies_eta_by_gamma_every_epoch() {
        Schedule exp = Schedule.parse("exp:0.98");
        assertThat(exp.toString()).isEqualTo("exp:0.98");
        for (int epoch = 0; epoch < 150; epoch++)   // the same within an epoch, whatever the step
            assertThat((double) exp.rate(0.1f, epoch, 7L * epoch + 3, 1000)).as("epoch %d", epoch).isCloseTo(0.1 * Math.pow(0.98, epoch), withinPercentage(1e-3));
        assertThat(exp.rate(0.1f, 0, 0, 1000)).isEqualTo(0.1f);
        assertThat(exp.rate(1f, 2, 0, 1000)).isCloseTo(0.9604f, offset(1e-6f));
        assertThat(Schedule.parse("exp")).isEqualTo(exp);
        assertThat(Schedule.parse("exp:1").rate(0.5f, 40, 0, 1)).isEqualTo(0.5f);
        for (String bad : new String[] {"exp:0", "exp:1.5", "exp:-0.9", "exp:nan", "exp:", "exp:0.9:2"})
            assertThatThrownBy(() -> Schedule.parse(bad)).as(bad).isInstanceOf(BadInputException.class).hasMessageContaining("exp:0.98");
    }

    @Test void bad_settings_are_refused_in_one_sentence() {
        assertThatThrownBy(() -> TrainingSettings.defaults().withLearningRate(0f)).isInstanceOf(BadInputException.class).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> TrainingSettings.defaults().withBatchSize(-3)).isInstanceOf(BadInputException.class).hasMessageContaining("batch size");
        assertThatThrownBy(() -> TrainingSettings.defaults().withEpochs(0)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> new Optimizer.Momentum(1.5f)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Regularization.l2(-1f)).isInstanceOf(BadInputException.class);
    }
}
