package glassbox.app.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.app.web.ApiErrors;
import glassbox.app.web.WebServer;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The API over real HTTP on a free port. */
class PlaygroundApiTest {
    static Javalin app;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll static void start() {
        Sessions sessions = new Sessions(3, 60_000_000_000L, System::nanoTime);
        app = Javalin.create(cfg -> {
            WebServer.serveSiteFiles(cfg);
            ApiErrors.register(cfg);
            PlaygroundRoutes.register(cfg, sessions);
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll static void stop() { app.stop(); }

    record Answer(int status, JsonNode json, String text) {}

    static Answer call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try { json = JSON.readTree(r.body()); } catch (Exception ignored) {}
        return new Answer(r.statusCode(), json, r.body());
    }

    @Test void a_session_trains_over_http_and_its_test_loss_falls() throws Exception {
        Answer created = call("POST", "/api/playground/sessions", "{\"dataset\":\"circle\",\"hidden\":[3],\"features\":[\"x\",\"y\"]}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        double before = created.json().get("testLoss").asDouble();
        assertThat(created.json().get("train").size()).isEqualTo(250);
        assertThat(created.json().get("output").size()).isEqualTo(2500);
        Answer trained = call("POST", "/api/playground/sessions/" + id + "/train", "{\"epochs\":150}");
        assertThat(trained.status()).isEqualTo(200);
        assertThat(trained.json().get("epoch").asInt()).isEqualTo(150);
        assertThat(trained.json().get("testLoss").asDouble()).isLessThan(0.1).isLessThan(before);
        assertThat(trained.json().has("train")).as("points are sent only when they change").isFalse();
        assertThat(call("DELETE", "/api/playground/sessions/" + id, null).status()).isEqualTo(204);
        assertThat(call("POST", "/api/playground/sessions/" + id + "/train", "{}").status()).isEqualTo(404);
    }

    @Test void config_reset_and_regenerate_answer_new_frames() throws Exception {
        String id = call("POST", "/api/playground/sessions", "{}").json().get("id").asText();
        call("POST", "/api/playground/sessions/" + id + "/train", "{\"epochs\":2}");
        Answer rate = call("PUT", "/api/playground/sessions/" + id + "/config", "{\"learningRate\":0.1}");
        assertThat(rate.json().get("epoch").asInt()).as("a new learning rate keeps training").isEqualTo(2);
        Answer shape = call("PUT", "/api/playground/sessions/" + id + "/config", "{\"learningRate\":0.1,\"hidden\":[5,5,5]}");
        assertThat(shape.json().get("epoch").asInt()).isZero();
        assertThat(shape.json().get("layers").size()).isEqualTo(4);
        Answer regen = call("POST", "/api/playground/sessions/" + id + "/regenerate", "{\"seed\":7}");
        assertThat(regen.json().get("config").get("seed").asLong()).isEqualTo(7);
        assertThat(call("POST", "/api/playground/sessions/" + id + "/reset", null).json().get("epoch").asInt()).isZero();
        call("DELETE", "/api/playground/sessions/" + id, null);
    }

    @Test void bad_requests_get_a_4xx_and_one_sentence() throws Exception {
        Answer shape = call("POST", "/api/playground/sessions", "{\"hidden\":[4,40]}");
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.json().get("error").asText()).isEqualTo("the number of neurons in a hidden layer must be between 1 and 8, not 40.");
        assertThat(call("POST", "/api/playground/sessions", "{\"learningRate\":100}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/playground/sessions", "{\"dataset\":\"moons\"}").json().get("error").asText()).contains("unknown dataset 'moons'");
        assertThat(call("POST", "/api/playground/sessions", "{not json").json().get("error").asText()).startsWith("the request body is not valid JSON");
        assertThat(call("POST", "/api/playground/sessions", "{\"hidden\":\"wide\"}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/playground/sessions", "{\"hiden\":[3]}").json().get("error").asText()).startsWith("unknown field 'hiden' in the playground setup; the fields are problem, dataset,");
        assertThat(call("POST", "/api/playground/sessions", "{\"dataset\":\"upload\",\"csv\":\"" + "1,1,1\\n".repeat(40000) + "\"}").status()).isEqualTo(413);
        String id = call("POST", "/api/playground/sessions", "{}").json().get("id").asText();
        assertThat(call("POST", "/api/playground/sessions/" + id + "/train", "{\"epochs\":100000}").json().get("error").asText())
                .isEqualTo("epochs per request must be between 1 and 200, not 100000.");
        call("DELETE", "/api/playground/sessions/" + id, null);
        assertThat(call("GET", "/api/playground/sessions/nope", null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/lessons/line", "{\"steps\":5000}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/lessons/parabola", "{}").status()).isEqualTo(400);
    }

    @Test void more_sessions_than_the_limit_get_429() throws Exception {
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) ids[i] = call("POST", "/api/playground/sessions", "{}").json().get("id").asText();
        Answer full = call("POST", "/api/playground/sessions", "{}");
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.json().get("error").asText()).startsWith("too many playgrounds are open (3)");
        for (String id : ids) call("POST", "/api/playground/sessions/" + id + "/close", null);
        assertThat(call("POST", "/api/playground/sessions", "{}").status()).isEqualTo(201);
    }

    @Test void the_catalogue_lists_datasets_features_and_presets_with_their_setups() throws Exception {
        JsonNode c = call("GET", "/api/playground/datasets", null).json();
        assertThat(c.get("classification").toString()).isEqualTo("[\"circle\",\"xor\",\"gauss\",\"spiral\"]");
        assertThat(c.get("presets").size()).isGreaterThanOrEqualTo(5);
        assertThat(c.get("presets").get(0).get("name").asText()).isEqualTo("circle-2");   // its sentence is in the messages
        assertThat(c.get("presets").get(0).get("config").get("hidden").toString()).isEqualTo("[2]");
        JsonNode spiral = call("GET", "/api/playground/datasets/spiral?count=100&noise=10", null).json();
        assertThat(spiral.get("points").size()).isEqualTo(100);
        assertThat(call("GET", "/api/playground/datasets/spiral?count=abc", null).status()).isEqualTo(400);
    }

    @Test void the_lessons_answer_with_engine_numbers() throws Exception {
        JsonNode line = call("POST", "/api/lessons/line", "{\"w\":0,\"rate\":0.05,\"steps\":10}").json();
        assertThat(line.get("path").size()).isEqualTo(11);
        assertThat(line.get("curve").size()).isEqualTo(81);
        JsonNode sig = call("POST", "/api/lessons/sigmoid", "{\"w\":0.5,\"b\":0,\"rate\":1,\"steps\":3,\"point\":2}").json();
        assertThat(sig.get("chain").get("de_dw").asDouble()).isCloseTo(sig.get("chain").get("engine_de_dw").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        JsonNode hill = call("POST", "/api/lessons/hill", "{\"epochs\":100}").json();
        assertThat(hill.get("two").get("hidden").size()).isEqualTo(2);
    }

    @Test void frames_keep_their_keys_under_the_web_servers_snake_case_mapper() throws Exception {
        var snake = new ObjectMapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        Javalin other = Javalin.create(cfg -> {
            cfg.jsonMapper(new io.javalin.json.JavalinJackson(snake, false));
            ApiErrors.register(cfg);
            PlaygroundRoutes.register(cfg, new Sessions(2, 60_000_000_000L, System::nanoTime));
        }).start("127.0.0.1", 0);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/api/playground/sessions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"learningRate\":0.3}")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode f = JSON.readTree(r.body());
            assertThat(f.has("trainLoss")).isTrue();
            assertThat(f.get("config").get("learningRate").asDouble()).isEqualTo(0.3);
            HttpResponse<String> lesson = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/api/lessons/line"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(lesson.body()).get("beans").get(0).has("x")).isTrue();
        } finally {
            other.stop();
        }
    }

    @Test void the_pages_and_their_scripts_are_served() throws Exception {
        assertThat(call("GET", "/playground", null).text()).contains("<script type=\"module\" src=\"/playground/playground.js\">");
        assertThat(call("GET", "/lessons", null).text()).contains("lessons.js");
        assertThat(call("GET", "/playground/common.js", null).status()).isEqualTo(200);
        assertThat(call("GET", "/playground/..%2Fsecret.js", null).status()).isEqualTo(404);
    }
}
