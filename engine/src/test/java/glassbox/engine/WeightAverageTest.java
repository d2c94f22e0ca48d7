package glassbox.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** --ema: w̄ ← d·w̄ + (1 − d)·w after every step; what is evaluated, kept and saved. */
class WeightAverageTest {

    @AfterEach void allThreadsAgain() { Parallel.useThreads(Integer.MAX_VALUE); }

    static Network linear(float w, float b) {
        Network net = new Architecture("1-1", Shape.vector(1), new Activation.Linear(), new Activation.Linear(), new Cost.Quadratic()).build();
        net.output().w()[0] = w;
        net.output().b()[0] = b;
        return net;
    }

    @Test void the_average_follows_the_formula_by_hand() {
        Network live = linear(1f, -2f);
        WeightAverage average = new WeightAverage(live, 0.9f);
        live.output().w()[0] = 2f;
        live.output().b()[0] = 0f;
        average.update();                        // 0.9·1 + 0.1·2 = 1.1;   0.9·(−2) + 0.1·0 = −1.8
        live.output().w()[0] = 3f;
        average.update();                        // 0.9·1.1 + 0.1·3 = 1.29
        assertThat(average.network().output().w()[0]).isCloseTo(1.29f, offset(1e-6f));
        assertThat(average.network().output().b()[0]).isCloseTo(0.9f * -1.8f, offset(1e-6f));
        assertThat(live.output().w()[0]).as("the live weights are not touched").isEqualTo(3f);
    }

    @Test void batch_norm_scale_and_shift_are_averaged_but_its_running_statistics_are_the_live_ones() {
        Network live = Network.create(new Architecture("fc3-bn-fc2", Shape.vector(2), new Activation.Relu(), new Activation.Sigmoid(), new Cost.Quadratic()),
                Initializer.HE, 1);
        BatchNorm bn = (BatchNorm) live.layers.get(1);
        WeightAverage average = new WeightAverage(live, 0.5f);
        bn.gamma.value()[0] = 3f;                // γ starts at 1
        bn.runningMean.value()[0] = 7f;          // μ starts at 0
        average.update();
        BatchNorm averaged = (BatchNorm) average.network().layers.get(1);
        assertThat(averaged.gamma.value()[0]).isEqualTo(2f);
        assertThat(averaged.runningMean.value()[0]).isEqualTo(7f);
    }

    /** Every step's live weights, as a listener sees them after each mini-batch, averaged by hand in double. */
    @Test void the_trainer_averages_after_every_step_and_leaves_the_average_in_the_network() {
        Network net = linear(0.5f, 0f);
        float[] x = new float[40], y = new float[40];
        for (int i = 0; i < 40; i++) { x[i] = i / 40f; y[i] = 2 * x[i] + 1; }
        Dataset data = Dataset.regression("line", x, y, 40, Shape.vector(1));
        double[] mean = {0.5, 0};
        List<double[]> steps = new ArrayList<>();
        Trainer.train(net, data, null, TrainingSettings.defaults().withEpochs(3).withBatchSize(4).withLearningRate(0.5f).withEma(0.8f), new TrainingListener() {
            Network live;
            @Override public void onStart(Network network, TrainingSettings settings, int n) { live = network; }
            @Override public void onBatch(Batch b) {
                steps.add(new double[] {live.output().w()[0], live.output().b()[0]});
                for (int k = 0; k < 2; k++) mean[k] = 0.8 * mean[k] + 0.2 * steps.getLast()[k];
            }
        });
        assertThat(steps).hasSize(30);
        assertThat(steps.getLast()[0]).as("the live weight moved away from the average").isNotCloseTo(net.output().w()[0], offset(1e-3));
        assertThat((double) net.output().w()[0]).isCloseTo(mean[0], offset(1e-6));
        assertThat((double) net.output().b()[0]).isCloseTo(mean[1], offset(1e-6));
    }

    @Test void training_with_an_average_learns_and_scores_the_averaged_weights_each_epoch() {
        Dataset train = TrainerTest.prototypes(2000, 1), test = TrainerTest.prototypes(500, 2);
        Network net = TrainerTest.net(1);
        Trainer.Result r = Trainer.train(net, train, test, TrainingSettings.defaults().withEpochs(5).withEma(0.99f));
        assertThat(r.testAccuracy()).isGreaterThan(0.95);
        assertThat(r.history().getLast().testAccuracy()).as("the last epoch scored the weights that were kept").isEqualTo(r.testAccuracy());
        assertThat(r.history().getLast().testCost()).isEqualTo(Evaluation.of(net, test).meanCost());
        Network plain = TrainerTest.net(1);
        Trainer.train(plain, train, test, TrainingSettings.defaults().withEpochs(5));
        assertThat(TrainingPinnedTest.checksum(net)).isNotEqualTo(TrainingPinnedTest.checksum(plain));
    }

    @Test void a_cnn_with_an_average_and_early_stopping_gives_the_same_bits_on_one_thread_and_on_all() {
        long[] sums = new long[2];
        int k = 0;
        for (int threads : new int[] {1, Integer.MAX_VALUE}) {
            Parallel.useThreads(threads);
            Network net = TrainingPinnedTest.cnn();
            Trainer.train(net, TrainingPinnedTest.images(600, 1), TrainingPinnedTest.images(200, 2), TrainingPinnedTest.cnnSettings().withEma(0.9f));
            sums[k++] = TrainingPinnedTest.checksum(net);
        }
        assertThat(sums[1]).isEqualTo(sums[0]);
        Network plain = TrainingPinnedTest.cnn();
        Trainer.train(plain, TrainingPinnedTest.images(600, 1), TrainingPinnedTest.images(200, 2), TrainingPinnedTest.cnnSettings());
        assertThat(sums[0]).as("the average is what was kept").isNotEqualTo(TrainingPinnedTest.checksum(plain));
    }

    @Test void the_averaged_model_survives_a_save_and_load(@TempDir Path dir) throws IOException {
        Dataset test = TrainerTest.prototypes(500, 2);
        Network net = TrainerTest.net(2);
        Trainer.Result r = Trainer.train(net, TrainerTest.prototypes(1000, 1), test, TrainingSettings.defaults().withEpochs(2).withEma(0.999f));
        Path file = dir.resolve("ema.gbx");
        ModelFile.save(net, Map.of("ema", 0.999f), file);
        ModelFile.Model loaded = ModelFile.load(file);
        assertThat(TrainingPinnedTest.checksum(loaded.network())).isEqualTo(TrainingPinnedTest.checksum(net));
        assertThat(Evaluation.of(loaded.network(), test).accuracy()).isEqualTo(r.testAccuracy());
        assertThat(loaded.provenance().get("ema")).isEqualTo(0.999);
    }

    @Test void a_decay_outside_zero_to_one_is_refused_in_one_sentence() {
        for (float bad : new float[] {1f, 1.5f, -0.1f, Float.NaN})
            assertThatThrownBy(() -> TrainingSettings.defaults().withEma(bad)).as("%s", bad).isInstanceOf(BadInputException.class).hasMessageContaining("--ema");
    }
}
