package glassbox.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.data.Mnist;
import glassbox.engine.Dataset;
import glassbox.engine.Network;
import glassbox.lab.Draw;
import glassbox.lab.ExperimentContext;
import glassbox.lab.HiddenNeuronsDetectEdgesOrLoops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's JSON API over real HTTP: a real server on a free port, the shipped models, real MNIST. */
class WebApiTest {
    static LabServer lab;
    static Dataset test;
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll static void start() {
        lab = new LabServer();
        test = Mnist.loadTest("mnist");
    }

    @AfterAll static void stop() throws Exception { lab.close(); }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    /** Asserts the status and that the body is {"error": one sentence}; returns the sentence. */
    static String refused(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json.readTree(r.body());
        assertThat(body.size()).isEqualTo(1);
        String error = body.get("error").asText();
        assertThat(error).isNotBlank().endsWith(".").doesNotContain("\n").doesNotContain("Exception");
        return error;
    }

    static String pixelsBody(float[] pixels) {
        StringJoiner j = new StringJoiner(",", "{\"pixels\":[", "]}");
        for (float v : pixels) j.add(Float.toString(v));
        return j.toString();
    }

    @Test void models_lists_the_shipped_models_with_their_layers() throws Exception {
        JsonNode models = ok(lab.get("/api/models"));
        assertThat(models.get(0).get("name").asText()).isEqualTo("mlp-16-16");
        JsonNode m = models.get(0);
        assertThat(m.get("parameters").asLong()).isEqualTo(13_002);
        assertThat(m.get("layers")).hasSize(3);
        assertThat(m.get("layers").get(0).get("units").asInt()).isEqualTo(16);
        assertThat(m.get("layers").get(2).get("activation").asText()).isEqualTo("sigmoid");
        List<String> names = new ArrayList<>();
        models.forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).contains("mlp-30", "cnn-committee");
    }

    @Test void a_committee_is_listed_and_answers_with_its_members_average_and_each_members_vote() throws Exception {
        List<Network> members = lab.addCommittee("small-committee", "mlp-16-16", "mlp-30");
        JsonNode listed = null;
        for (JsonNode m : ok(lab.get("/api/models"))) if (m.get("name").asText().equals("small-committee")) listed = m;
        assertThat(listed).as("GET /api/models lists the new committee").isNotNull();
        assertThat(listed.get("kind").asText()).isEqualTo("committee");
        assertThat(listed.get("members").asInt()).isEqualTo(2);
        assertThat(listed.get("member_networks").get(1).asText()).isEqualTo("784-30-10 sigmoid");
        assertThat(listed.get("parameters").asLong()).isEqualTo(members.get(0).parameterCount() + members.get(1).parameterCount());
        assertThat(listed.get("shown_member").asInt()).isEqualTo(1);
        assertThat(listed.get("layers")).as("member 1's layers").hasSize(3);

        float[] x = test.input(0);
        JsonNode p = ok(lab.post("/api/models/small-committee/predict", pixelsBody(x)));
        float[][] out = {members.get(0).predict(x), members.get(1).predict(x)};
        double worst = 0;
        int best = 0;
        for (int d = 0; d < 10; d++) {
            double mean = (out[0][d] + out[1][d]) / 2.0;
            worst = Math.max(worst, Math.abs(p.get("outputs").get(d).asDouble() - mean));
            if (mean > (out[0][best] + out[1][best]) / 2.0) best = d;
        }
        assertThat(worst).as("largest gap, committee output vs the members' mean").isLessThan(1e-6);
        assertThat(p.get("digit").asInt()).isEqualTo(best).isEqualTo(7);
        JsonNode votes = p.get("votes");
        assertThat(votes).hasSize(2);
        for (int i = 0; i < 2; i++) {
            int digit = 0;
            double sum = 0;
            for (int d = 0; d < 10; d++) { sum += out[i][d]; if (out[i][d] > out[i][digit]) digit = d; }   // sigmoid outputs: all positive
            assertThat(votes.get(i).get("member").asInt()).isEqualTo(i + 1);
            assertThat(votes.get(i).get("digit").asInt()).isEqualTo(digit);
            assertThat(votes.get(i).get("probability").asDouble()).isCloseTo(out[i][digit] / sum, org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(p.get("shown_member").asInt()).isEqualTo(1);
        assertThat(p.get("activations").get(0)).as("member 1's first layer").hasSize(16);

        JsonNode neuron = ok(lab.get("/api/models/small-committee/layers/0/units/3"));
        assertThat(neuron.get("shown_member").asInt()).isEqualTo(1);
        float w = ((glassbox.engine.Dense) members.get(0).layers.get(0)).w()[3 * 784 + 100];
        assertThat(neuron.get("incoming").get(100).asDouble()).as("member 1's weight w_3,100").isCloseTo(w, org.assertj.core.data.Offset.offset(1e-4));
        List<Integer> committeeTop = new ArrayList<>(), memberTop = new ArrayList<>();
        for (JsonNode t : neuron.get("top")) committeeTop.add(t.get("index").asInt());
        for (JsonNode t : ok(lab.get("/api/models/mlp-16-16/layers/0/units/3")).get("top")) memberTop.add(t.get("index").asInt());
        assertThat(committeeTop).as("member 1's top images, seen through the committee (its members run in slices)").hasSize(12).isEqualTo(memberTop);
        assertThat(ok(lab.post("/api/models/mlp-16-16/predict", pixelsBody(x))).has("votes")).as("a network has no votes").isFalse();
    }

    @Test void predict_reads_a_test_seven_and_returns_every_layers_activations() throws Exception {
        assertThat(test.labels()[0]).isEqualTo(7);
        JsonNode p = ok(lab.post("/api/models/mlp-16-16/predict", pixelsBody(test.input(0))));
        assertThat(p.get("digit").asInt()).isEqualTo(7);
        assertThat(p.get("probabilities")).hasSize(10);
        double sum = 0;
        for (JsonNode v : p.get("probabilities")) sum += v.asDouble();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(p.get("activations")).hasSize(3);
        assertThat(p.get("activations").get(0)).hasSize(16);
        assertThat(p.get("activations").get(2)).hasSize(10);
        assertThat(p.has("input")).as("pixels are used as sent").isFalse();
    }

    /** An input normalisation (deskew, widthN) shows the digit the convolutions see as its first layer's one map. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"deskew", "width10"})
    void a_network_that_normalises_its_input_shows_the_redrawn_digit_as_its_first_layer(String normalisation) throws Exception {
        Network n = Network.create(new glassbox.engine.Architecture(normalisation + "-conv5x5x4-pool2-fc10", Mnist.SHAPE, new glassbox.engine.Activation.Relu(),
                new glassbox.engine.Activation.Softmax(), new glassbox.engine.Cost.SoftmaxLogLikelihood()), glassbox.engine.Initializer.HE, 1);
        String name = normalisation + "-net";
        glassbox.engine.ModelFile.save(n, java.util.Map.of("seed", 1), lab.models.resolve(name + ".gbx"));
        JsonNode models = ok(lab.get("/api/models")), listed = null;
        for (JsonNode m : models) if (m.get("name").asText().equals(name)) listed = m;
        assertThat(listed).as("listed").isNotNull();
        JsonNode first = listed.get("layers").get(0);
        assertThat(first.get("kind").asText()).isEqualTo(normalisation.replaceAll("\\d", ""));
        assertThat(first.get("units").asInt()).isEqualTo(1);
        assertThat(first.get("maps").asBoolean()).isTrue();

        float[] four = test.input(4);   // a slanted 4
        JsonNode p = ok(lab.post("/api/models/" + name + "/predict", pixelsBody(four)));
        float[] redrawn = new float[784];
        glassbox.engine.Layer layer = n.layers.getFirst();
        layer.forward(four, 1, false);
        System.arraycopy(layer.output(), 0, redrawn, 0, 784);
        JsonNode shown = p.get("activations").get(0);
        assertThat(shown).hasSize(784);
        double changed = 0;
        for (int i = 0; i < 784; i++) {
            assertThat(shown.get(i).floatValue()).isCloseTo(redrawn[i], org.assertj.core.data.Offset.offset(1e-4f));
            changed += Math.abs(redrawn[i] - four[i]);
        }
        assertThat(changed).as("the layer shows a changed digit, not the input").isGreaterThan(10);
        assertThat(ok(lab.get("/api/models/" + name + "/layers/0/units/0")).get("top")).hasSize(DigitLab.TOP);
    }

    @Test void predict_preprocesses_a_raw_grey_drawing_and_returns_the_28x28_it_saw() throws Exception {
        int w = 100, h = 100;
        StringJoiner grey = new StringJoiner(",");
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) grey.add(x >= 5 && x < 15 && y >= 10 && y < 70 ? "1" : "0");   // a bar in a corner
        JsonNode p = ok(lab.post("/api/models/mlp-16-16/predict", "{\"width\":100,\"height\":100,\"grey\":[" + grey + "]}"));
        JsonNode input = p.get("input");
        assertThat(input).hasSize(784);
        double mass = 0, mx = 0, my = 0;
        int rows = 0;
        for (int i = 0; i < 784; i++) { double v = input.get(i).asDouble(); mass += v; mx += v * (i % 28 + 0.5); my += v * (i / 28 + 0.5); }
        for (int y = 0; y < 28; y++) { boolean ink = false; for (int x = 0; x < 28; x++) ink |= input.get(y * 28 + x).asDouble() > 0.5; if (ink) rows++; }
        assertThat(mx / mass).as("centre of mass x").isBetween(13.0, 15.0);
        assertThat(my / mass).as("centre of mass y").isBetween(13.0, 15.0);
        assertThat(rows).as("the longer side is scaled to 20 pixels").isEqualTo(20);
        assertThat(p.get("digit").asInt()).isEqualTo(1);
    }

    @Test void predict_draws_strokes_and_reads_a_one() throws Exception {
        JsonNode p = ok(lab.post("/api/models/mlp-16-16/predict", "{\"width\":280,\"height\":280,\"line_width\":22,\"strokes\":[[140,40,141,140,142,240]]}"));
        assertThat(p.get("digit").asInt()).isEqualTo(1);
        assertThat(p.get("input")).hasSize(784);
    }

    @Test void predict_refuses_783_pixels() throws Exception {
        String e = refused(lab.post("/api/models/mlp-16-16/predict", pixelsBody(new float[783])), 400);
        assertThat(e).contains("784").contains("783");
    }

    @Test void predict_refuses_pixels_outside_0_to_1_and_non_numbers() throws Exception {
        float[] x = new float[784];
        x[17] = 3f;
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", pixelsBody(x)), 400)).contains("[17]").contains("0..1");
        String withText = pixelsBody(new float[784]).replaceFirst("0\\.0", "\"a\"");
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", withText), 400)).contains("not a number");
    }

    @Test void predict_refuses_nan_and_malformed_json() throws Exception {
        String nan = pixelsBody(new float[784]).replaceFirst("0\\.0", "NaN");
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", nan), 400)).contains("not valid JSON");
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", "{\"pixels\": [1, 2"), 400)).contains("not valid JSON");
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", ""), 400)).contains("no body");
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", "[1,2,3]"), 400)).contains("JSON object");
        assertThat(refused(lab.post("/api/models/mlp-16-16/predict", "{\"width\":5000,\"height\":2,\"grey\":[]}"), 400)).contains("width");
    }

    @Test void predict_refuses_a_huge_body_and_keeps_serving() throws Exception {
        byte[] huge = new byte[(int) WebServer.MAX_BODY + 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        var r = lab.send(HttpRequest.newBuilder(URI.create(lab.base + "/api/models/mlp-16-16/predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(refused(r, 413)).contains("too large");
        assertThat(ok(lab.post("/api/models/mlp-16-16/predict", pixelsBody(test.input(0)))).get("digit").asInt()).isEqualTo(7);
    }

    @Test void an_unknown_model_is_404() throws Exception {
        assertThat(refused(lab.post("/api/models/no-such-net/predict", pixelsBody(new float[784])), 404)).contains("no-such-net");
        refused(lab.get("/api/models/no-such-net/layers/0/units/0"), 404);
        refused(lab.get("/api/models/mlp-16-16/layers/0/units/16"), 404);
        refused(lab.get("/api/nothing/here"), 404);
    }

    @Test void a_second_layer_neuron_has_an_effective_map_and_its_top_test_digits() throws Exception {
        JsonNode n = ok(lab.get("/api/models/mlp-16-16/layers/1/units/3"));
        assertThat(n.get("map_kind").asText()).isEqualTo("effective");
        assertThat(n.get("weight_map")).hasSize(784);
        assertThat(n.get("incoming")).hasSize(16);
        JsonNode top = n.get("top");
        assertThat(top).hasSize(DigitLab.TOP);
        for (int i = 1; i < top.size(); i++)
            assertThat(top.get(i).get("score").asDouble()).isLessThanOrEqualTo(top.get(i - 1).get("score").asDouble());
        // a neuron's score is its z: the best test digit really gives the activation σ(z)
        JsonNode best = top.get(0);
        JsonNode p = ok(lab.post("/api/models/mlp-16-16/predict", pixelsBody(test.input(best.get("index").asInt()))));
        double sigmoid = 1 / (1 + Math.exp(-best.get("score").asDouble()));
        assertThat(p.get("activations").get(1).get(3).asDouble()).isCloseTo(sigmoid, org.assertj.core.data.Offset.offset(1e-3));
        JsonNode first = ok(lab.get("/api/models/mlp-16-16/layers/0/units/3"));
        assertThat(first.get("map_kind").asText()).isEqualTo("weights");
        assertThat(first.get("weight_map").get(100).asDouble()).isEqualTo(first.get("incoming").get(100).asDouble());
    }

    /** One ranking for the page and the report: the inspector's favourites are the activations report's, in order, with the same z. */
    @Test void the_inspector_and_the_activations_report_show_the_same_digits_for_each_neuron() throws Exception {
        HiddenNeuronsDetectEdgesOrLoops.Result report = new HiddenNeuronsDetectEdgesOrLoops().run(new ExperimentContext(1, false, line -> {}));
        assertThat(report.testImages()).isEqualTo(test.size());
        int compared = 0;
        for (HiddenNeuronsDetectEdgesOrLoops.LayerNeurons l : report.layers())
            for (HiddenNeuronsDetectEdgesOrLoops.Neuron n : l.neurons()) {
                String unit = "/api/models/" + l.network() + "/layers/" + (l.layer() - 1) + "/units/" + n.index();
                JsonNode top = ok(lab.get(unit)).get("top");
                assertThat(n.topImages().length).isLessThanOrEqualTo(top.size());
                for (int r = 0; r < n.topImages().length; r++) {
                    int index = top.get(r).get("index").asInt();
                    assertThat(Draw.toBytes(test.inputs(), index * 784, 784)).as("%s, rank %d: test image %d", unit, r, index).containsExactly(n.topImages()[r]);
                    assertThat(top.get(r).get("score").asDouble()).as("%s, rank %d: z", unit, r).isCloseTo(n.topZ()[r], org.assertj.core.data.Offset.offset(1e-4));
                    compared++;
                }
            }
        assertThat(compared).as("images compared: 8 for each of 16 + 16 + 30 neurons").isEqualTo(8 * 62);
    }

    /** Every file under resources/web (pages, scripts, styles, i18n JSON) at its own path, and the pages at theirs, with the site's headers. */
    @Test void one_static_handler_serves_every_site_file_and_page() throws Exception {
        Path web = Path.of("src/main/resources/web");
        List<String> paths = new ArrayList<>(List.of("/", "/playground", "/lessons", "/experiments"));
        try (var files = Files.walk(web)) { files.filter(Files::isRegularFile).forEach(f -> paths.add("/" + web.relativize(f).toString().replace('\\', '/'))); }
        assertThat(paths).contains("/nav.js", "/lab/api.js", "/playground/common.js", "/experiments/experiments.js");
        for (String path : paths) {
            HttpResponse<String> r = lab.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
            if (path.endsWith(".json")) assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/json");
        }
        assertThat(lab.get("/playground").body()).contains("/playground/playground.js");
        assertThat(lab.get("/experiments").body()).contains("/experiments/experiments.js");
        assertThat(lab.raw("GET /nav.js HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n").status()).as("the guard stands before static files").isEqualTo(403);
    }

    /** The three route groups refuse through the one error map: a status and {"error": one sentence}. */
    @Test void every_route_group_refuses_with_one_sentence_in_the_same_shape() throws Exception {
        refused(lab.get("/api/models/no-such-net"), 404);
        refused(lab.get("/api/playground/sessions/no-such-session"), 404);
        refused(lab.post("/api/playground/sessions", "{\"no_such_field\":7}"), 400);
        refused(lab.post("/api/playground/sessions", "{\"pad\":\"" + "x".repeat(250_000) + "\"}"), 413);
        refused(lab.post("/api/experiments/magic/run", ""), 400);
        assertThat(lab.get("/experiments/weights/missing.png").statusCode()).as("a missing report file: the not-found page").isEqualTo(404);
    }

    @Test void the_test_set_browser_filters_to_the_misclassified_images() throws Exception {
        JsonNode all = ok(lab.get("/api/mnist/test?model=mlp-16-16&from=12&count=12"));
        assertThat(all.get("total").asInt()).isEqualTo(10_000);
        assertThat(all.get("items").get(0).get("index").asInt()).isEqualTo(12);
        assertThat(all.get("items").get(0).get("pixels")).hasSize(784);
        JsonNode wrong = ok(lab.get("/api/mnist/test?model=mlp-16-16&filter=misclassified&count=50"));
        double accuracy = wrong.get("accuracy").asDouble();
        assertThat(wrong.get("total").asInt()).isEqualTo(10_000 - (int) Math.round(accuracy * 10_000));
        for (JsonNode item : wrong.get("items")) assertThat(item.get("prediction").asInt()).isNotEqualTo(item.get("label").asInt());
        JsonNode one = ok(lab.get("/api/mnist/test/" + wrong.get("items").get(0).get("index").asInt() + "?model=mlp-16-16"));
        assertThat(one.get("pixels")).hasSize(784);
        refused(lab.get("/api/mnist/test/10000"), 404);
        refused(lab.get("/api/mnist/test?count=1000"), 400);
    }

    @Test void noise_is_the_same_for_the_same_seed() throws Exception {
        JsonNode a = ok(lab.get("/api/noise?seed=42")), b = ok(lab.get("/api/noise?seed=42")), c = ok(lab.get("/api/noise?seed=43"));
        assertThat(a.get("pixels")).hasSize(784).isEqualTo(b.get("pixels"));
        assertThat(a.get("pixels")).isNotEqualTo(c.get("pixels"));
    }

    @Test void live_training_streams_epochs_stops_resumes_and_saves() throws Exception {
        JsonNode s = ok(lab.post("/api/training", "{\"hidden\":[8],\"epochs\":2,\"examples\":1000,\"seed\":3}"));
        int id = s.get("id").asInt();
        List<String> events = events(id, 2);
        assertThat(events.getFirst()).isEqualTo("snapshot");
        JsonNode done = waitFor(id, "finished");
        assertThat(done.get("epochs")).hasSize(2);
        assertThat(done.get("epochs").get(1).get("test_accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(done.get("maps")).hasSize(8);
        ok(lab.post("/api/training/" + id + "/resume", ""));
        waitFor(id, "finished");
        assertThat(ok(lab.get("/api/training/" + id)).get("epochs_done").asInt()).isEqualTo(4);
        refused(lab.post("/api/training/" + id + "/save", "{\"name\":\"Bad Name!\"}"), 400);
        JsonNode saved = ok(lab.post("/api/training/" + id + "/save", "{\"name\":\"live-test-8\"}"));
        assertThat(saved.get("model").asText()).isEqualTo("live-test-8");
        refused(lab.post("/api/training/" + id + "/save", "{\"name\":\"live-test-8\"}"), 409);
        assertThat(ok(lab.post("/api/models/live-test-8/predict", pixelsBody(test.input(0)))).get("activations").get(0)).hasSize(8);
    }

    @Test void save_refuses_to_overwrite_a_model_file_the_lab_did_not_list() throws Exception {
        java.nio.file.Path unlisted = lab.models.resolve("unlisted.gbx");
        byte[] theirs = "not a model the lab could read, but someone's file".getBytes(StandardCharsets.UTF_8);
        java.nio.file.Files.write(unlisted, theirs);
        ok(lab.get("/api/models"));   // the lab looks, and skips it
        int id = ok(lab.post("/api/training", "{\"hidden\":[4],\"epochs\":1,\"examples\":100}")).get("id").asInt();
        waitFor(id, "finished");
        assertThat(refused(lab.post("/api/training/" + id + "/save", "{\"name\":\"unlisted\"}"), 409)).contains("unlisted");
        assertThat(java.nio.file.Files.readAllBytes(unlisted)).isEqualTo(theirs);
    }

    @Test void of_two_saves_under_one_name_at_once_one_wins_and_the_other_is_409() throws Exception {
        int a = ok(lab.post("/api/training", "{\"hidden\":[4],\"epochs\":1,\"examples\":100,\"seed\":1}")).get("id").asInt();
        int b = ok(lab.post("/api/training", "{\"hidden\":[5],\"epochs\":1,\"examples\":100,\"seed\":2}")).get("id").asInt();
        waitFor(a, "finished");
        waitFor(b, "finished");
        for (int round = 0; round < 4; round++) {
            String name = "race-" + round, body = "{\"name\":\"" + name + "\"}";
            var first = lab.http.sendAsync(HttpRequest.newBuilder(URI.create(lab.base + "/api/training/" + a + "/save")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            var second = lab.http.sendAsync(HttpRequest.newBuilder(URI.create(lab.base + "/api/training/" + b + "/save")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            List<Integer> statuses = new ArrayList<>(List.of(first.join().statusCode(), second.join().statusCode()));
            java.util.Collections.sort(statuses);
            assertThat(statuses).as(name).containsExactly(201, 409);
            int winnerHidden = first.join().statusCode() == 201 ? 4 : 5;
            Network saved = glassbox.engine.ModelFile.load(lab.models.resolve(name + ".gbx")).network();
            assertThat(saved.layers.getFirst().outputShape().size()).as("the file is the winner's network").isEqualTo(winnerHidden);
            assertThat(ok(lab.post("/api/models/" + name + "/predict", pixelsBody(test.input(0)))).get("activations").get(0)).hasSize(winnerHidden);
        }
        try (var files = java.nio.file.Files.list(lab.models)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".tmp")).toList()).as("temporary files left").isEmpty();
        }
    }

    @Test void a_training_stopped_inside_an_epoch_resumes_and_stops_again() throws Exception {
        int id = ok(lab.post("/api/training", "{\"hidden\":[16],\"epochs\":50,\"examples\":60000}")).get("id").asInt();
        for (int round = 0; round < 2; round++) {
            float before = (float) ok(lab.get("/api/training/" + id)).get("position").asDouble();
            while (ok(lab.get("/api/training/" + id)).get("position").asDouble() <= before + 0.01) Thread.sleep(20);
            ok(lab.post("/api/training/" + id + "/stop", ""));
            JsonNode s = waitFor(id, "stopped");
            assertThat(s.get("position").asDouble()).isGreaterThan(before);
            if (round == 0) assertThat(ok(lab.post("/api/training/" + id + "/resume", "")).get("state").asText()).isEqualTo("running");
        }
    }

    @Test void too_many_live_trainings_get_429_and_stop_works() throws Exception {
        String big = "{\"hidden\":[32],\"epochs\":1000,\"examples\":60000}";
        int a = ok(lab.post("/api/training", big)).get("id").asInt();
        int b = ok(lab.post("/api/training", big)).get("id").asInt();
        try {
            assertThat(refused(lab.post("/api/training", big), 429)).contains("live trainings");
        } finally {
            ok(lab.post("/api/training/" + a + "/stop", ""));
            ok(lab.post("/api/training/" + b + "/stop", ""));
        }
        assertThat(waitFor(a, "stopped").get("state").asText()).isEqualTo("stopped");
        waitFor(b, "stopped");
        refused(lab.post("/api/training", "{\"hidden\":[0]}"), 400);
        refused(lab.post("/api/training", "{\"learning_rate\":\"fast\"}"), 400);
        refused(lab.get("/api/training/9999"), 404);
    }

    @Test void the_other_pages_are_served_with_their_own_scripts_and_shared_files_too() throws Exception {
        for (String page : List.of("/playground", "/lessons", "/experiments")) {
            var r = lab.get(page);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.body()).as(page).contains("<script type=\"module\"").doesNotContain("placeholder");
        }
        assertThat(lab.get("/experiments").body()).contains("/nav.js").contains("/style.css");
        assertThat(lab.get("/no-such-page").statusCode()).isEqualTo(404);
        assertThat(lab.get("/nav.js").body()).contains("/playground").contains("/experiments");
        assertThat(lab.get("/style.css").statusCode()).isEqualTo(200);
        assertThat(lab.get("/").body()).contains("Draw a digit");
    }

    /**
     * Reads training id's server-sent events until it has heard of `count` epochs (those already in the
     * first "snapshot" event count too) or the training ends; returns the event names in order.
     */
    static List<String> events(int id, int count) throws Exception {
        var r = lab.http.send(HttpRequest.newBuilder(URI.create(lab.base + "/api/training/" + id + "/events")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> names = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            int epochs = 0;
            String event = "";
            for (String line; epochs < count && (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) names.add(event = line.substring(6).trim());
                else if (line.startsWith("data:")) {
                    JsonNode data = json.readTree(line.substring(5));
                    if (event.equals("snapshot")) epochs += data.get("epochs").size();
                    if (event.equals("epoch")) epochs++;
                    if (event.equals("state") && !data.get("state").asText().equals("running")) break;
                }
            }
        }
        return names;
    }

    /** Polls a training until it reaches the state (no timing assertion: the test's own timeout guards). */
    static JsonNode waitFor(int id, String state) throws Exception {
        for (int i = 0; i < 6000; i++) {
            JsonNode s = ok(lab.get("/api/training/" + id));
            if (s.get("state").asText().equals(state)) return s;
            if (s.get("state").asText().equals("failed")) throw new AssertionError("training failed: " + s.get("message"));
            Thread.sleep(20);
        }
        throw new AssertionError("training " + id + " never reached " + state);
    }
}
