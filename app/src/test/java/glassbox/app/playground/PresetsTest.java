package glassbox.app.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each preset's sentence (playground.preset.NAME.sentence in the messages) is a measured fact: the
 * preset is trained through PlaygroundSession, as the page trains it, for the epochs its sentence
 * speaks of, with seeds 1 to 3 (a new seed gives new points and new starting weights), and the claim
 * is checked every 100 epochs.
 */
class PresetsTest {
    static final long[] SEEDS = {1, 2, 3};
    static final int EVERY = 100;

    /** What is checked after each EVERY epochs; "at" names the preset, seed and epoch for a failure. */
    interface Claim { void check(PlaygroundSession s, int epoch, String at); }

    /** Trains the preset with each seed (side by side: the sessions share nothing) and checks the claim as it goes. */
    static void train(String preset, int epochs, Claim claim) {
        Arrays.stream(SEEDS).parallel().forEach(seed -> {
            PlaygroundSession s = new PlaygroundSession("t", Presets.named(preset).config().withSeed(seed));
            for (int epoch = EVERY; epoch <= epochs; epoch += EVERY) {
                s.train(EVERY);
                claim.check(s, epoch, preset + ", seed " + seed + ", epoch " + epoch);
            }
        });
    }

    @Test void two_neurons_never_close_the_ring() {
        train("circle-2", 5000, (s, epoch, at) -> {
            assertThat(s.testLoss().loss()).as("test loss, " + at).isGreaterThan(0.2);
            assertThat(s.testLoss().accuracy()).as("test accuracy, " + at).isLessThan(0.9);
        });
    }

    @Test void three_neurons_close_the_ring() {
        train("circle-3", 5000, (s, epoch, at) -> {
            if (epoch >= 300) assertThat(s.testLoss().loss()).as("test loss, " + at).isLessThan(0.05);
            if (epoch == 5000) assertThat(s.testLoss().loss()).as("test loss, " + at).isLessThan(0.01);
        });
    }

    @Test void one_neuron_cannot_learn_xor() {
        train("xor-linear", 5000, (s, epoch, at) -> assertThat(s.testLoss().loss()).as("test loss, " + at).isGreaterThan(0.5));
    }

    @Test void four_hidden_neurons_learn_xor() {
        train("xor-hidden", 5000, (s, epoch, at) -> {
            if (epoch >= 300) assertThat(s.testLoss().accuracy()).as("test accuracy, " + at).isGreaterThan(0.9);
        });
    }

    @Test void the_feature_x1x2_makes_xor_one_straight_cut() {
        train("xor-product", 5000, (s, epoch, at) -> assertThat(s.testLoss().accuracy()).as("test accuracy, " + at).isEqualTo(1.0));
    }

    @Test void six_sigmoid_layers_stall_with_a_first_layer_that_barely_moves() {
        Arrays.stream(SEEDS).parallel().forEach(seed -> {
            PlaygroundSession s = new PlaygroundSession("t", Presets.named("spiral-sigmoid").config().withSeed(seed));
            float[] start = s.dense().getFirst().w().clone();
            for (int epoch = EVERY; epoch <= 5000; epoch += EVERY) {
                s.train(EVERY);
                assertThat(s.testLoss().loss()).as("test loss, seed " + seed + ", epoch " + epoch).isGreaterThan(0.45);
            }
            float[] end = s.dense().getFirst().w();
            double moved = 0, size = 0;
            for (int i = 0; i < end.length; i++) { moved += Math.abs(end[i] - start[i]); size += Math.abs(start[i]); }
            assertThat(moved / size).as("Σ|Δw| / Σ|w| of the first layer after 5,000 epochs, seed " + seed).isLessThan(0.05);
        });
    }

    @Test void six_relu_layers_learn_the_spiral_and_keep_it() {
        train("spiral-relu", 5000, (s, epoch, at) -> {
            if (epoch >= 1000) assertThat(s.testLoss().accuracy()).as("test accuracy, " + at).isGreaterThan(0.9);
        });
    }

    @Test void every_preset_has_a_title_and_a_sentence_in_both_languages() throws IOException {
        for (String language : new String[] {"en", "zh"}) {
            @SuppressWarnings("unchecked")
            Map<String, String> messages = new ObjectMapper().readValue(Path.of("src/main/resources/web/i18n/" + language + ".json").toFile(), Map.class);
            for (Presets.Preset p : Presets.ALL)
                assertThat(messages).as(language).containsKeys("playground.preset." + p.name() + ".title", "playground.preset." + p.name() + ".sentence");
        }
    }
}
