package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JIT's head start trains a copy: the network, and the training that follows, come out bit for bit the same. */
class WarmUpTest {

    @Test void a_warm_up_leaves_the_network_and_the_training_after_it_unchanged() throws Exception {
        Dataset train = TrainerTest.prototypes(600, 1);
        TrainingSettings settings = TrainingSettings.defaults().withEpochs(2).withOptimizer(new Optimizer.Momentum(0.9f));
        Network plain = TrainerTest.net(3), warmed = TrainerTest.net(3);
        Trainer.train(plain, train, null, settings);

        WarmUp warmUp = WarmUp.start(warmed, settings);
        Thread.sleep(200);   // long enough for a few passes
        float[] untouched = warmed.params().getFirst().value().clone();
        warmUp.close();
        assertThat(warmed.params().getFirst().value()).as("the network while its copy trained").containsExactly(untouched);
        assertThat(untouched).as("the network before any training").containsExactly(TrainerTest.net(3).params().getFirst().value());

        Trainer.train(warmed, train, null, settings);
        List<Param> a = plain.params(), b = warmed.params();
        for (int i = 0; i < a.size(); i++) assertThat(b.get(i).value()).as(b.get(i).name()).containsExactly(a.get(i).value());
    }
}
