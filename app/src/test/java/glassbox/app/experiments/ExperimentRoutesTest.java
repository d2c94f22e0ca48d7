package glassbox.app.experiments;

import glassbox.engine.Json;
import glassbox.app.web.ApiErrors;
import glassbox.app.web.WebServer;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The /experiments routes on a real Javalin server over a temporary reports folder, with a real (quick) run. */
class ExperimentRoutesTest {
    @TempDir static Path reports;
    static Javalin app;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll static void start() {
        app = Javalin.create(cfg -> {
            WebServer.serveSiteFiles(cfg);
            ApiErrors.register(cfg);
            ExperimentRoutes.register(cfg, reports);
        }).start("127.0.0.1", 0);
    }

    @AfterAll static void stop() { app.stop(); }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> r) { return (Map<String, Object>) Json.parse(r.body()); }

    @SuppressWarnings("unchecked")
    @Test void a_run_started_from_the_page_shows_progress_and_then_is_listed_with_its_report() throws Exception {
        HttpResponse<String> started = post("/api/experiments/errors/run?quick=true&seed=3");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(json(started)).containsEntry("name", "errors");

        Map<String, Object> progress;
        long deadline = System.nanoTime() + 120_000_000_000L;
        do {
            Thread.sleep(200);
            progress = json(get("/api/experiments/progress"));
        } while (Boolean.TRUE.equals(progress.get("running")) && System.nanoTime() < deadline);
        assertThat(progress.get("error")).isNull();
        assertThat((List<String>) progress.get("lines")).anyMatch(l -> l.startsWith("errors: done in"));
        assertThat(progress.get("report")).isEqualTo("/experiments/errors/index.html");

        Map<String, Object> list = json(get("/api/experiments"));
        List<Map<String, Object>> all = (List<Map<String, Object>>) list.get("experiments");
        assertThat(all).extracting(m -> m.get("name")).containsExactly("weights", "noise", "shift", "sweep", "init", "errors", "activations");
        Map<String, Object> errors = all.stream().filter(m -> m.get("name").equals("errors")).findFirst().orElseThrow();
        assertThat(errors).containsEntry("ran", true).containsEntry("quick", true).containsEntry("seed", 3.0).containsKey("headline");
        assertThat(all.getFirst()).as("not run here, so the shipped report is offered").containsEntry("ran", false).containsEntry("shipped", true)
                .containsEntry("report", "/experiments/weights/index.html").containsKey("headline");
        HttpResponse<String> shipped = get("/experiments/weights/index.html");
        assertThat(shipped.statusCode()).isEqualTo(200);
        assertThat(shipped.body()).as("in the site's navigation and theme").contains("/nav.js").contains("/style.css");

        HttpResponse<String> page = get("/experiments/errors/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("confusion-mlp-16-16.png").contains("href=\"/experiments\"").contains("/nav.js");
        HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/experiments/errors/confusion-mlp-16-16.png")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()))).isNotNull();
        assertThat(get("/experiments/errors/result.json").body()).contains("\"experiment\":\"errors\"");
    }

    @Test void the_page_loads_its_script() throws Exception {
        HttpResponse<String> page = get("/experiments");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/experiments/experiments.js");
        assertThat(get("/experiments/experiments.js").body()).contains("/api/experiments");
    }

    @Test void an_unknown_experiment_gets_400_with_one_sentence() throws Exception {
        HttpResponse<String> r = post("/api/experiments/magic/run");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat((String) json(r).get("error")).startsWith("there is no experiment 'magic'");
    }

    @Test void a_bad_seed_gets_400() throws Exception {
        assertThat(post("/api/experiments/errors/run?seed=x").statusCode()).isEqualTo(400);
    }

    @Test void files_outside_a_report_are_not_served() throws Exception {
        assertThat(get("/experiments/errors/..%2F..%2Fpom.xml").statusCode()).isEqualTo(404);
        assertThat(get("/experiments/nothing/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/experiments/weights/missing.png").statusCode()).isEqualTo(404);
    }
}
