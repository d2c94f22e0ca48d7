package glassbox.data;

import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Cost;
import glassbox.engine.Evaluation;
import glassbox.engine.Initializer;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Schedule;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A tiny convolutional network learns real MNIST digits from 2,000 examples, with and without distortions. */
class CnnLearnsMnistTest {

    static double trainTiny(String layers, Augment augment) {
        Mnist.Split mnist = Mnist.load("mnist");
        var training = mnist.training().slice(0, 2000);
        var test = mnist.test().slice(0, 1000);
        Network net = Network.create(new Architecture(layers, Mnist.SHAPE, new Activation.Relu(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()), Initializer.HE, 1);
        var settings = TrainingSettings.defaults().withEpochs(3).withBatchSize(32).withLearningRate(0.05f)
                .withOptimizer(new Optimizer.Momentum(0.9f)).withSchedule(Schedule.CONSTANT).withAugmenter(augment);
        Trainer.train(net, training, null, settings);
        return Evaluation.of(net, test).accuracy();
    }

    @Test void a_tiny_cnn_reads_most_test_digits_after_three_epochs_on_2000_examples() {
        assertThat(trainTiny("conv5x5x8p0-pool2-fc10", null)).as("test accuracy on 1,000 digits").isGreaterThan(0.90);
    }

    @Test void the_same_cnn_still_learns_with_distortions_and_batch_norm() {
        assertThat(trainTiny("conv5x5x8p0-bn-pool2-dropout0.1-fc10", new Augment(2, 10, 0.1f, 34, 4)))
                .as("test accuracy on 1,000 digits").isGreaterThan(0.85);
    }
}
