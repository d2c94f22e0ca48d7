package glassbox.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.data.Mnist;
import glassbox.engine.Dataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests share a few copies of a model, over real HTTP: a committee never has more than one copy
 * per core however many predicts arrive together (the others wait in line), every
 * borrowed copy is given back, and one model's first pass over the test set holds up no other model.
 */
class ModelCopiesTest {
    static LabServer lab;
    static Dataset test;
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll static void start() {
        lab = new LabServer();
        test = Mnist.loadTest("mnist");
    }

    @AfterAll static void stop() throws Exception { lab.close(); }

    @Test void twenty_predicts_at_once_share_one_committee_copy_per_core_and_all_are_answered() throws Exception {
        Models.Entry committee = lab.server.lab().models.get("cnn-committee");
        assertThat(committee.copies()).as("copies allowed of a 45 MB committee").isEqualTo(Models.MIN_COPIES);
        assertThat(lab.server.lab().models.get("mlp-16-16").copies()).as("copies allowed of a 13,002-parameter MLP").isEqualTo(Models.MAX_COPIES);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++)
            sent.add(lab.http.sendAsync(HttpRequest.newBuilder(URI.create(lab.base + "/api/models/cnn-committee/predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(WebApiTest.pixelsBody(test.input(i)))).build(), HttpResponse.BodyHandlers.ofString()));
        for (int i = 0; i < sent.size(); i++) {
            HttpResponse<String> r = sent.get(i).join();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json.readTree(r.body()).get("digit").asInt()).as("test image " + i + ", read by copies at once").isEqualTo(test.labels()[i]);
        }
        assertThat(committee.pool().size()).as("copies made of the committee").isBetween(1, committee.copies());
        assertThat(committee.permits().availablePermits()).as("every copy given back").isEqualTo(committee.copies());
    }

    @Test void a_refused_predict_gives_its_copy_back() throws Exception {
        Models.Entry mlp = lab.server.lab().models.get("mlp-30");
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++)
            sent.add(lab.http.sendAsync(HttpRequest.newBuilder(URI.create(lab.base + "/api/models/mlp-30/predict")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(i % 2 == 0 ? "{\"pixels\":[1,2]}" : WebApiTest.pixelsBody(test.input(i)))).build(), HttpResponse.BodyHandlers.ofString()));
        for (int i = 0; i < sent.size(); i++) assertThat(sent.get(i).join().statusCode()).isEqualTo(i % 2 == 0 ? 400 : 200);
        assertThat(mlp.permits().availablePermits()).isEqualTo(mlp.copies());
    }

    /**
     * The committee's first pass over the test set (38 CNNs) takes far longer than mlp-30's: while it runs,
     * a page of its test images still comes back (its answers worked out for those images alone, accuracy
     * to follow), and mlp-30's whole pass, misclassified filter included, finishes meanwhile.
     */
    @Test void a_committees_first_test_page_waits_neither_for_its_whole_pass_nor_holds_up_another_model() throws Exception {
        JsonNode page = WebApiTest.ok(lab.get("/api/mnist/test?model=cnn-committee&from=0&count=6"));
        assertThat(page.get("items")).hasSize(6);
        for (JsonNode item : page.get("items")) assertThat(item.get("prediction").asInt()).as("image " + item.get("index")).isEqualTo(item.get("label").asInt());
        assertThat(page.has("accuracy")).as("the committee's whole pass is still running").isFalse();

        JsonNode wrong = WebApiTest.ok(lab.get("/api/mnist/test?model=mlp-30&filter=misclassified&count=5"));
        assertThat(wrong.get("accuracy").asDouble()).isGreaterThan(0.9);
        JsonNode unit = WebApiTest.ok(lab.get("/api/models/mlp-30/layers/0/units/2"));
        assertThat(unit.get("top")).hasSize(DigitLab.TOP);
        assertThat(WebApiTest.ok(lab.get("/api/mnist/test?model=cnn-committee&from=6&count=6")).has("accuracy"))
                .as("mlp-30 did not wait for the committee's pass, which is still running").isFalse();
    }

    @Test void a_page_gives_the_same_answers_before_and_after_the_models_whole_pass() throws Exception {
        lab.addCommittee("pair", "mlp-16-16", "mlp-30");
        WebApiTest.ok(lab.get("/api/models"));   // lists (loads) it
        List<Integer> before = predictions(WebApiTest.ok(lab.get("/api/mnist/test?model=pair&from=100&count=50")));
        JsonNode wrong = WebApiTest.ok(lab.get("/api/mnist/test?model=pair&filter=misclassified&count=100"));   // waits for the whole pass
        JsonNode after = WebApiTest.ok(lab.get("/api/mnist/test?model=pair&from=100&count=50"));
        assertThat(after.get("accuracy").asDouble()).isEqualTo(wrong.get("accuracy").asDouble());
        assertThat(predictions(after)).isEqualTo(before);
        for (JsonNode item : wrong.get("items"))
            assertThat(WebApiTest.ok(lab.get("/api/mnist/test/" + item.get("index").asInt() + "?model=pair")).get("prediction").asInt())
                    .isEqualTo(item.get("prediction").asInt()).isNotEqualTo(item.get("label").asInt());
    }

    static List<Integer> predictions(JsonNode page) {
        List<Integer> p = new ArrayList<>();
        for (JsonNode item : page.get("items")) p.add(item.get("prediction").asInt());
        return p;
    }
}
