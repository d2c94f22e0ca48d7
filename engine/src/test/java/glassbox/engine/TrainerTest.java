package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training on a made-up problem the engine must learn: which of 4 noisy prototype patterns is shown. */
class TrainerTest {

    static Dataset prototypes(int n, long seed) { return prototypes(n, seed, Shape.vector(16), 99, 0.15f); }

    /** n examples of shape, each one of 4 random prototypes (drawn from prototypeSeed) plus N(0, noise²) per value. */
    static Dataset prototypes(int n, long seed, Shape shape, long prototypeSeed, float noise) {
        Random r = new Random(seed), p = new Random(prototypeSeed);
        int in = shape.size(), classes = 4;
        float[][] proto = new float[classes][in];
        for (float[] row : proto) for (int i = 0; i < in; i++) row[i] = p.nextFloat();
        float[] x = new float[n * in];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            y[k] = r.nextInt(classes);
            for (int i = 0; i < in; i++) x[k * in + i] = proto[y[k]][i] + (float) r.nextGaussian() * noise;
        }
        return Dataset.classification("prototypes", x, y, shape, classes);
    }

    static Network net(long seed) {
        return Network.create(new Architecture("16-8-4", Shape.vector(16), new Activation.Sigmoid(), new Activation.Sigmoid(),
                new Cost.Quadratic()), Initializer.NORMAL, seed);
    }

    @Test void sgd_training_learns_and_reports_every_batch_and_epoch() {
        Dataset train = prototypes(2000, 1), test = prototypes(500, 2);
        List<TrainingListener.Epoch> epochs = new ArrayList<>();
        int[] batches = {0};
        Network n = net(1);
        double before = Evaluation.of(n, test).accuracy();
        Trainer.Result r = Trainer.train(n, train, test, TrainingSettings.defaults().withEpochs(5), new TrainingListener() {
            @Override public void onBatch(Batch b) { batches[0]++; }
            @Override public void onEpoch(Epoch e) { epochs.add(e); }
        });
        assertThat(r.testAccuracy()).as("accuracy after training (was %s)", before).isGreaterThan(0.95);
        assertThat(epochs).hasSize(5);
        assertThat(epochs.getLast().trainCost()).isLessThan(epochs.getFirst().trainCost());
        assertThat(batches[0]).isEqualTo(5 * 200);
        assertThat(r.trainSeconds()).isPositive();
    }

    @Test void the_same_seed_trains_to_the_same_weights() {
        Dataset train = prototypes(600, 1);
        Network a = net(3), b = net(3);
        Trainer.train(a, train, null, TrainingSettings.defaults().withEpochs(2).withSeed(8));
        Trainer.train(b, train, null, TrainingSettings.defaults().withEpochs(2).withSeed(8));
        for (int i = 0; i < a.params().size(); i++) assertThat(a.params().get(i).value()).containsExactly(b.params().get(i).value());
    }

    @Test void every_optimizer_and_schedule_learns() {
        Dataset train = prototypes(1000, 1), test = prototypes(300, 2);
        for (Optimizer o : List.of(new Optimizer.Momentum(0.9f), new Optimizer.Adam())) {
            Network n = Network.create(new Architecture("16-8-4", Shape.vector(16), new Activation.Relu(), new Activation.Softmax(),
                    new Cost.SoftmaxLogLikelihood()), Initializer.HE, 2);
            var s = TrainingSettings.defaults().withEpochs(4).withOptimizer(o).withLearningRate(o instanceof Optimizer.Adam ? 0.01f : 0.05f)
                    .withSchedule(Schedule.COSINE).withRegularization(Regularization.l2(1f));
            assertThat(Trainer.train(n, train, test, s).testAccuracy()).as(o.name()).isGreaterThan(0.95);
        }
    }

    @Test void a_huge_learning_rate_stops_with_a_sentence_about_the_learning_rate() {
        Network n = Network.create(new Architecture("16-8-4", Shape.vector(16), new Activation.Relu(), new Activation.Linear(),
                new Cost.Quadratic()), Initializer.NORMAL, 1);
        assertThatThrownBy(() -> Trainer.train(n, prototypes(500, 1), null, TrainingSettings.defaults().withLearningRate(1e6f)))
                .isInstanceOf(Trainer.DivergedException.class).hasMessageContaining("learning rate");
    }

    @Test void early_stopping_keeps_the_best_validation_weights() {
        var s = TrainingSettings.defaults().withEpochs(50).withEarlyStopping(0.2f, 2);
        Trainer.Result r = Trainer.train(net(1), prototypes(1000, 1), null, s);
        assertThat(r.validationAccuracy()).isGreaterThan(0.9);
        assertThat(r.epochs()).isLessThan(50);
        assertThat(r.stopReason()).contains("early stop");
    }

    @Test void a_batch_larger_than_the_data_is_refused() {
        assertThatThrownBy(() -> Trainer.train(net(1), prototypes(50, 1), null, TrainingSettings.defaults().withBatchSize(100)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("batch size 100");
    }

    @Test void a_listener_can_stop_training() {
        Trainer.Result r = Trainer.train(net(1), prototypes(500, 1), null, TrainingSettings.defaults(), new TrainingListener() {
            int seen;
            @Override public void onBatch(Batch b) { seen++; }
            @Override public boolean keepGoing() { return seen < 10; }
        });
        assertThat(r.stopReason()).isEqualTo("stopped");
    }
}
