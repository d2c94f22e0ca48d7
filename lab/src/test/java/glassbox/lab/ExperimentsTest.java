package glassbox.lab;

import glassbox.engine.BadInputException;
import glassbox.engine.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every experiment, run on quick settings with the real MNIST and shipped models, leaves a JSON, PNGs and a page that agree. */
class ExperimentsTest {
    @TempDir static Path reports;
    static final List<String> lines = new ArrayList<>();
    static final Map<String, Experiments.Outcome> outcomes = new java.util.LinkedHashMap<>();

    @BeforeAll static void runAllQuick() {
        ExperimentContext lab = new ExperimentContext(7, true, lines::add);
        for (String name : Experiments.names()) outcomes.put(name, Experiments.run(name, lab, reports.resolve(name)));
    }

    static List<String> names() { return Experiments.names(); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String name) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(reports.resolve(name).resolve("result.json")));
    }

    @ParameterizedTest @MethodSource("names")
    void result_json_holds_the_seed_the_headline_and_the_record(String name) throws IOException {
        Map<String, Object> j = json(name);
        assertThat(j).containsKeys("experiment", "title", "seed", "quick", "seconds", "headline", "result");
        assertThat(j.get("experiment")).isEqualTo(name);
        assertThat(((Number) j.get("seed")).longValue()).isEqualTo(7);
        assertThat((Map<String, Object>) j.get("result")).containsEntry("seed", 7.0);
        assertThat((Map<String, Object>) j.get("headline")).isNotEmpty();
    }

    @ParameterizedTest @MethodSource("names")
    void page_links_every_png_and_every_png_decodes(String name) throws IOException {
        Path dir = reports.resolve(name);
        String html = Files.readString(dir.resolve("index.html"));
        Matcher m = Pattern.compile("<img src=\"([^\"]+\\.png)\"").matcher(html);
        List<String> linked = new ArrayList<>();
        while (m.find()) linked.add(m.group(1));
        assertThat(linked).as("figures on the page").isNotEmpty();
        try (var files = Files.list(dir)) {
            List<String> pngs = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).toList();
            assertThat(linked).containsExactlyInAnyOrderElementsOf(pngs);
        }
        for (String png : linked) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).as(png + " width").isGreaterThan(200);
        }
        assertThat(html).contains("result.json").contains("<h1>");
    }

    @SuppressWarnings("unchecked")
    @Test void weights_counts_the_maps_of_both_networks() throws IOException {
        List<Map<String, Object>> nets = (List<Map<String, Object>>) ((Map<String, Object>) json("weights").get("result")).get("networks");
        assertThat(nets).hasSize(2);
        assertThat((List<Object>) nets.get(0).get("firstLayer")).hasSize(16 * 784);
        assertThat((List<Object>) nets.get(0).get("effectiveSecond")).hasSize(16 * 784);
        assertThat((List<Object>) nets.get(1).get("firstLayer")).hasSize(30 * 784);
        assertThat((List<Object>) nets.get(1).get("effectiveOutput")).hasSize(10 * 784);
        assertThat((List<Object>) nets.get(1).get("bricks")).hasSize(10);
    }

    /**
     * On the shipped networks and the real test digits, averaged over 1,100 noise images and 1,000 digits: noise is
     * answered confidently (top output over 0.5 on average, over 0.9 for a fifth of the images; an unsure network
     * would keep all ten outputs low), and real digits more confidently still, on average and above 0.9.
     */
    @SuppressWarnings("unchecked")
    @Test void noise_gets_confident_answers_and_real_digits_more_so() throws IOException {
        List<Map<String, Object>> models = (List<Map<String, Object>>) ((Map<String, Object>) json("noise").get("result")).get("models");
        assertThat(models).extracting(m -> m.get("name")).containsExactly("mlp-16-16", "mlp-30");
        for (Map<String, Object> m : models) {
            Map<String, Object> h = (Map<String, Object>) outcomes.get("noise").headline().get((String) m.get("name"));
            Map<String, Object> real = (Map<String, Object>) m.get("real");
            double noiseTop = (double) h.get("noise_mean_top_output"), realTop = (double) h.get("real_mean_top_output");
            double noiseConfident = (double) h.get("noise_share_above_0_9"), realConfident = (double) real.get("shareAbove09");
            assertThat((double) m.get("noiseImages")).as("noise images averaged over").isGreaterThanOrEqualTo(1000);
            assertThat((double) real.get("images")).as("real digits averaged over").isGreaterThanOrEqualTo(1000);
            assertThat(noiseTop).as(m.get("name") + ": mean top output on noise").isGreaterThan(0.5);
            assertThat(noiseConfident).as(m.get("name") + ": share of noise answered above 0.9").isGreaterThan(0.2);
            assertThat(realTop).as(m.get("name") + ": mean top output on real digits, against noise").isGreaterThan(noiseTop + 0.1);
            assertThat(realConfident).as(m.get("name") + ": share of real digits answered above 0.9, against noise").isGreaterThan(noiseConfident + 0.1);
        }
        assertThat((Map<String, Object>) outcomes.get("noise").headline().get("reject_class")).containsKeys("real_accuracy", "seen_noise_rejected", "unseen_gaussian_rejected");
    }

    @SuppressWarnings("unchecked")
    @Test void shift_scores_centred_digits_well_and_far_shifted_ones_badly() {
        Map<String, Object> m = (Map<String, Object>) outcomes.get("shift").headline().get("mlp-30");
        assertThat((double) m.get("centred")).isGreaterThan(0.85);
        assertThat((double) m.get("shift_6px")).isLessThan((double) m.get("centred"));
    }

    @Test void sweep_checks_the_videos_13002_parameters() {
        Map<String, Object> h = outcomes.get("sweep").headline();
        assertThat(h).containsEntry("parameters_784_16_16_10", 13_002L).containsEntry("parameters_match_13002", true);
        assertThat((Map<?, ?>) h.get("mean_test_accuracy")).hasSize(10);
    }

    @SuppressWarnings("unchecked")
    @Test void init_without_l2_keeps_blank_pixel_weights_at_their_random_start() {
        Map<String, Object> plain = (Map<String, Object>) outcomes.get("init").headline().get("N(0,1)");
        Map<String, Object> scaled = (Map<String, Object>) outcomes.get("init").headline().get("N(0,1/n) + L2");
        assertThat((double) plain.get("rms_weight_blank_pixels")).isBetween(0.8, 1.2);
        assertThat((double) scaled.get("rms_weight_blank_pixels")).isLessThan(0.1);
    }

    @SuppressWarnings("unchecked")
    @Test void errors_count_mistakes_that_match_the_accuracy() {
        Map<String, Object> m = (Map<String, Object>) outcomes.get("errors").headline().get("mlp-16-16");
        assertThat((int) m.get("wrong")).isEqualTo((int) Math.round((1 - (double) m.get("test_accuracy")) * ExperimentContext.QUICK_TEST));
        assertThat((Map<String, Object>) m.get("named_pairs")).containsKeys("3/7", "6/0", "4/9");
    }

    @SuppressWarnings("unchecked")
    @Test void activations_describe_every_hidden_neuron() {
        Map<String, Object> h = outcomes.get("activations").headline();
        assertThat(h).containsKeys("mlp-16-16_layer1", "mlp-16-16_layer2", "mlp-30_layer1");
        assertThat(((Map<String, Object>) h.get("mlp-30_layer1")).get("neurons")).isEqualTo(30);
        // purity is at least 0.1 by construction (some digit has a tenth of 100 images): the claims are above chance
        double first = (double) ((Map<String, Object>) h.get("mlp-16-16_layer1")).get("median_top100_purity");
        double second = (double) ((Map<String, Object>) h.get("mlp-16-16_layer2")).get("median_top100_purity");
        assertThat(first).as("first layer: blobs shared by a few digits, well above chance").isGreaterThan(0.3);
        assertThat(second).as("second layer: more digit-specific than the first").isGreaterThan(first);
    }

    @Test void progress_lines_name_each_experiment() {
        for (String name : Experiments.names()) assertThat(lines).anyMatch(l -> l.startsWith(name + ": done in"));
    }

    @Test void index_page_links_every_report() throws IOException {
        Path index = Experiments.writeIndex(reports, new ArrayList<>(outcomes.values()));
        String html = Files.readString(index);
        for (String name : Experiments.names()) assertThat(html).contains("href=\"" + name + "/index.html\"");
    }

    @Test void found_lists_the_runs_without_their_bulk() {
        List<Map<String, Object>> found = Experiments.found(reports);
        assertThat(found).extracting(m -> m.get("experiment")).containsExactlyElementsOf(Experiments.names());
        assertThat(found.getFirst()).doesNotContainKey("result").containsKey("headline");
    }

    @ParameterizedTest @MethodSource("names")
    void redrawing_from_result_json_alone_gives_the_same_page_and_figures(String name) throws IOException {
        Path dir = reports.resolve(name), copy = reports.resolve("redrawn-" + name);
        Files.createDirectories(copy);
        Files.copy(dir.resolve("result.json"), copy.resolve("result.json"));
        Experiments.Outcome o = Experiments.redraw(name, copy);
        assertThat(Files.readString(o.report())).isEqualTo(Files.readString(dir.resolve("index.html")));
        try (var files = Files.list(dir)) {
            for (Path png : files.filter(p -> p.toString().endsWith(".png")).toList())
                assertThat(Files.mismatch(png, copy.resolve(png.getFileName()))).as(png.getFileName().toString()).isEqualTo(-1L);
        }
        assertThat(Json.write(o.headline())).isEqualTo(Json.write(outcomes.get(name).headline()));
    }

    @Test void an_unknown_experiment_is_refused_in_one_sentence() {
        assertThatThrownBy(() -> Experiments.byName("magic")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("there is no experiment 'magic'").hasMessageContaining("weights");
    }
}
