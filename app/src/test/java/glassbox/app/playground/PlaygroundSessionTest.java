package glassbox.app.playground;

import glassbox.engine.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaygroundSessionTest {

    static PlaygroundConfig preset(String name) {
        return Presets.named(name).config();
    }

    @SuppressWarnings("unchecked")
    @Test void sigmoid_gradients_shrink_toward_the_first_layer() {
        PlaygroundSession s = new PlaygroundSession("t", preset("spiral-sigmoid"));
        s.train(5);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) s.frame(false).get("layers");
        double first = (Double) layers.getFirst().get("gradient"), last = (Double) layers.getLast().get("gradient");
        assertThat(first).as("mean |dC/dw| of layer 1 vs output").isLessThan(last / 10);
    }

    @Test void regression_on_x1x2_diverges_at_the_default_rate_and_learns_at_a_tenth_of_it() {
        // What the page says when the loss is NaN: X₁X₂ reaches 36 and the linear output's steps grow with it.
        PlaygroundConfig xor = preset("xor-product");
        PlaygroundConfig fast = new PlaygroundConfig("regression", "plane", 0, 50, 10, xor.features(), xor.hidden(), "tanh", 0.03, "none", 0.0, 1L, null);
        PlaygroundSession s = new PlaygroundSession("t", fast);
        s.train(2);
        assertThat(s.trainLoss().loss()).as("training loss at η = 0.03").isNaN();
        s.configure(fast.withLearningRate(0.003));
        s.reset();
        s.train(50);
        assertThat(s.testLoss().loss()).as("test loss at η = 0.003").isLessThan(0.2);
    }

    @Test void the_same_setup_gives_the_same_numbers() {
        PlaygroundSession a = new PlaygroundSession("a", preset("circle-3")), b = new PlaygroundSession("b", preset("circle-3"));
        a.train(7);
        b.train(7);
        assertThat(a.testLoss()).isEqualTo(b.testLoss());
        assertThat(a.network().output().w()).containsExactly(b.network().output().w());
    }

    @Test void reset_draws_new_weights_and_keeps_the_points_while_regenerate_keeps_the_weights() {
        PlaygroundSession s = new PlaygroundSession("t", preset("circle-3"));
        s.train(3);
        float[] before = s.network().output().w().clone();
        Object points = s.frame(true).get("train");
        s.reset();
        assertThat(s.epoch()).isZero();
        assertThat(s.network().output().w()).isNotEqualTo(before);
        assertThat(s.frame(true).get("train")).usingRecursiveComparison().isEqualTo(points);
        float[] weights = s.network().output().w().clone();
        s.regenerate(99);
        assertThat(s.network().output().w()).containsExactly(weights);
        assertThat(s.frame(true).get("train")).usingRecursiveComparison().isNotEqualTo(points);
    }

    @Test void a_new_learning_rate_keeps_the_weights_and_a_new_shape_rebuilds() {
        PlaygroundSession s = new PlaygroundSession("t", preset("circle-3"));
        s.train(3);
        s.configure(s.config().withLearningRate(0.1));
        assertThat(s.epoch()).isEqualTo(3);
        PlaygroundConfig c = s.config();
        s.configure(new PlaygroundConfig(null, "circle", 0, 50, 10, List.of("x", "y"), new int[] {5, 5}, "relu", 0.1, "l2", 0.001, 1L, null));
        assertThat(s.epoch()).isZero();
        assertThat(s.network().toString()).startsWith("2-5-5-1");
        assertThat(c.learningRate()).isEqualTo(0.1);
    }

    @SuppressWarnings("unchecked")
    @Test void a_frame_holds_a_50_by_50_output_and_a_25_by_25_map_per_neuron() {
        PlaygroundSession s = new PlaygroundSession("t", PlaygroundConfig.defaults());
        Map<String, Object> f = s.frame(true);
        assertThat((float[]) f.get("output")).hasSize(2500);
        List<Map<String, Object>> layers = (List<Map<String, Object>>) f.get("layers");
        assertThat(layers).hasSize(3);
        float[][] maps = (float[][]) layers.get(0).get("maps"), weights = (float[][]) layers.get(0).get("weights");
        assertThat(maps).hasDimensions(4, 625);
        assertThat(weights).hasDimensions(4, 2);
        assertThat((float[][]) f.get("train")).hasNumberOfRows(250);
        assertThat((float[][]) f.get("test")).hasNumberOfRows(250);
    }

    @Test void relus_that_are_zero_everywhere_are_counted_as_dead() {
        PlaygroundSession s = new PlaygroundSession("t", new PlaygroundConfig(null, "circle", 0, 50, 10, List.of("x", "y"), new int[] {8, 3}, "relu", 0.03, null, null, 1L, null));
        assertThat(s.deadNeurons()).containsExactly(0, 0, 0);
        float[] b = s.dense().get(0).b();
        b[2] = b[5] = -100;   // z = w·x + b < 0 on every point of [−6, 6]²
        assertThat(s.deadNeurons()).containsExactly(2, 0, 0);
        s.train(5);
        assertThat(s.deadNeurons()[0]).as("a dead ReLU gets no gradient and stays dead").isEqualTo(2);
    }

    @Test void an_uploaded_csv_becomes_the_dataset() {
        String csv = "x,y,label\n1,1,1\n-1,-1,0\n2,2,1\n-2,-2,0\n1.5,1,1\n-1,-1.5,0\n";
        PlaygroundSession s = new PlaygroundSession("t", new PlaygroundConfig("classification", "upload", 0, 50, 2, List.of("x", "y"), new int[] {}, null, 0.1, null, null, 1L, csv));
        s.train(50);
        assertThat(s.trainLoss().accuracy()).isEqualTo(1.0);
    }

    @Test void absurd_setups_are_refused_in_one_sentence() {
        assertThatThrownBy(() -> new PlaygroundConfig(null, "circle", 0, 50, 10, null, new int[] {9}, null, null, null, null, null, null))
                .isInstanceOf(BadInputException.class).hasMessage("the number of neurons in a hidden layer must be between 1 and 8, not 9.");
        assertThatThrownBy(() -> new PlaygroundConfig(null, "circle", 0, 50, 10, null, new int[] {1, 1, 1, 1, 1, 1, 1}, null, null, null, null, null, null))
                .hasMessageContaining("at most 6 hidden layers");
        assertThatThrownBy(() -> new PlaygroundConfig(null, null, null, null, null, null, null, null, 11.0, null, null, null, null))
                .hasMessageContaining("learning rate must be between 0.00001 and 10");
        assertThatThrownBy(() -> new PlaygroundConfig("regression", "circle", null, null, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("is a classification problem");
        assertThatThrownBy(() -> new PlaygroundConfig(null, null, 80, null, null, null, null, null, null, null, null, null, null)).hasMessageContaining("noise");
        assertThatThrownBy(() -> new PlaygroundConfig(null, "upload", null, null, null, null, null, null, null, null, null, null, "1,2,3\n").uploadedPoints())
                .isInstanceOf(BadInputException.class).hasMessageContaining("label is 1 or -1");
        assertThatThrownBy(() -> new PlaygroundConfig(null, "upload", null, null, null, null, null, null, null, null, null, null, "9,0,1\n").uploadedPoints())
                .hasMessageContaining("outside the plot");
    }

    @Test void sessions_are_limited_and_idle_ones_are_freed() {
        AtomicLong now = new AtomicLong();
        Sessions sessions = new Sessions(2, 1000, now::get);
        PlaygroundSession a = sessions.create(PlaygroundConfig.defaults());
        sessions.create(PlaygroundConfig.defaults());
        assertThatThrownBy(() -> sessions.create(PlaygroundConfig.defaults())).isInstanceOf(Sessions.TooManySessions.class);
        now.addAndGet(600);
        sessions.get(a.id);           // a is used, the other is not
        now.addAndGet(600);
        sessions.sweep();
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(sessions.get(a.id)).isSameAs(a);
        sessions.close(a.id);
        assertThatThrownBy(() -> sessions.get(a.id)).isInstanceOf(Sessions.UnknownSession.class);
    }
}
