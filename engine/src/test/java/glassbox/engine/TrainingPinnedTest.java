package glassbox.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixed-seed trainings whose every weight bit is pinned: the checksums were computed before the trainer was
 * rewritten to read beside network.py (one learning step shared by every caller), and must never move unless
 * the arithmetic is meant to change. Each covers a path: plain SGD; a CNN with batch norm, dropout, momentum,
 * L2, augmentation, cosine schedule and early stopping; Adam with L1 and a step schedule; a listener's stop.
 */
class TrainingPinnedTest {

    @AfterEach void allThreadsAgain() { Parallel.useThreads(Integer.MAX_VALUE); }

    /** CRC-32 of every parameter's float bits, in the model file's order. */
    static long checksum(Network net) {
        CRC32 crc = new CRC32();
        for (Param p : net.params())
            for (float v : p.value()) {
                int bits = Float.floatToRawIntBits(v);
                crc.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
            }
        return crc.getValue();
    }

    /** 8x8 images of one of 4 noisy prototypes. */
    static Dataset images(int n, long seed) { return TrainerTest.prototypes(n, seed, new Shape(1, 8, 8), 98, 0.3f); }

    /** A seeded distortion drawing from the trainer's random, as the real ones do. */
    static final Augmenter NOISE = (x, batch, shape, random) -> {
        for (int i = 0; i < batch * shape.size(); i++) x[i] += 0.05f * (float) random.nextGaussian();
    };

    static Network cnn() {
        return Network.create(new Architecture("conv3x3x4-bn-pool2-fc16-dropout0.25-fc4", new Shape(1, 8, 8), new Activation.Relu(),
                new Activation.Softmax(), new Cost.SoftmaxLogLikelihood()), Initializer.HE, 5);
    }

    static TrainingSettings cnnSettings() {
        return TrainingSettings.defaults().withEpochs(6).withBatchSize(16).withLearningRate(0.05f).withOptimizer(new Optimizer.Momentum(0.9f))
                .withRegularization(Regularization.l2(5f)).withSchedule(Schedule.COSINE).withAugmenter(NOISE).withEarlyStopping(0.2f, 1).withSeed(7);
    }

    @Test void plain_sgd_gives_the_pinned_weights() {
        Network net = TrainerTest.net(3);
        Trainer.Result r = Trainer.train(net, TrainerTest.prototypes(1000, 1), TrainerTest.prototypes(200, 2), TrainingSettings.defaults().withEpochs(3));
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(checksum(net)).isEqualTo(PLAIN);
    }

    @Test void a_cnn_with_every_extra_gives_the_pinned_weights_on_one_thread_and_on_all() {
        for (int threads : new int[] {1, Integer.MAX_VALUE}) {
            Parallel.useThreads(threads);
            Network net = cnn();
            Trainer.Result r = Trainer.train(net, images(600, 1), images(200, 2), cnnSettings());
            assertThat(r.stopReason()).as("threads %d", threads).isEqualTo(CNN_STOP);
            assertThat(r.epochs()).isEqualTo(CNN_EPOCHS);
            assertThat(checksum(net)).as("threads %d", threads).isEqualTo(CNN);
        }
    }

    @Test void adam_with_l1_and_a_step_schedule_gives_the_pinned_weights() {
        Network net = Network.create(new Architecture("16-12-4", Shape.vector(16), new Activation.Relu(), new Activation.Sigmoid(),
                new Cost.CrossEntropy()), Initializer.XAVIER, 4);
        TrainingSettings s = TrainingSettings.defaults().withEpochs(4).withBatchSize(32).withLearningRate(0.01f).withOptimizer(new Optimizer.Adam())
                .withRegularization(Regularization.l1(2f)).withSchedule(Schedule.step(1, 0.5f)).withSeed(9);
        Trainer.train(net, TrainerTest.prototypes(800, 3), null, s);
        assertThat(checksum(net)).isEqualTo(ADAM);
    }

    @Test void a_listener_stopping_inside_an_epoch_gives_the_pinned_weights() {
        Network net = TrainerTest.net(4);
        int[] seen = {0};
        Trainer.Result r = Trainer.train(net, TrainerTest.prototypes(500, 1), null, TrainingSettings.defaults().withEpochs(5), new TrainingListener() {
            @Override public void onBatch(Batch b) { seen[0]++; }
            @Override public boolean keepGoing() { return seen[0] < 120; }
        });
        assertThat(r.epochs()).isEqualTo(2);
        assertThat(r.stopReason()).isEqualTo("stopped");
        assertThat(checksum(net)).isEqualTo(STOPPED);
    }

    // The values computed before the rewrite (main at 1b43d67).
    static final long PLAIN = 1069440603L, CNN = 755068653L, ADAM = 4033369807L, STOPPED = 3653596553L;
    static final int CNN_EPOCHS = 4;
    static final String CNN_STOP = "early stop: no better validation accuracy for 1 epochs";
}
