package glassbox.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the lab's own pages drive it, over real HTTP: another site's POST is 403, a DNS-rebound host name
 * is 403, a JSON body sent as another type is 415, a broken path or body is 400; the lab's own requests
 * (from http://127.0.0.1:PORT or http://localhost:PORT) and scripts without an Origin still work.
 */
class RequestGuardTest {
    static LabServer lab;
    static final ObjectMapper json = new ObjectMapper();
    static final String PIXELS = WebApiTest.pixelsBody(new float[784]);

    @BeforeAll static void start() { lab = new LabServer(); }

    @AfterAll static void stop() throws Exception { lab.close(); }

    static HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lab.base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return lab.send(b.build());
    }

    /** Asserts a raw answer's status and that its body is {"error": one sentence}; returns the sentence. */
    static String refused(RawHttp.Response r, int status) throws Exception {
        assertThat(r.status()).as(r.head() + "\n" + r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode body = json.readTree(r.body());
        assertThat(body.size()).isEqualTo(1);
        String error = body.get("error").asText();
        assertThat(error).isNotBlank().endsWith(".").doesNotContain("\n").doesNotContain("Exception");
        return error;
    }

    static String request(String method, String path, String host, String... headerLines) {
        StringBuilder s = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headerLines) s.append(h).append("\r\n");
        return s.append("Connection: close\r\n\r\n").toString();
    }

    String here() { return "127.0.0.1:" + lab.server.port(); }

    @Test void a_post_from_another_site_is_403_and_starts_no_training() throws Exception {
        int before = json.readTree(lab.get("/api/training").body()).size();
        var r = post("/api/training", "{\"hidden\":[8],\"epochs\":1,\"examples\":100}", "Content-Type", "text/plain", "Origin", "http://evil.example");
        assertThat(WebApiTest.refused(r, 403)).contains("own pages").contains("evil.example");
        r = post("/api/training", "{\"hidden\":[8],\"epochs\":1,\"examples\":100}", "Content-Type", "application/json", "Origin", "http://evil.example");
        WebApiTest.refused(r, 403);
        assertThat(json.readTree(lab.get("/api/training").body()).size()).as("trainings listed").isEqualTo(before);
    }

    @Test void a_save_from_another_site_is_403_and_writes_no_file() throws Exception {
        var r = post("/api/training/1/save", "{\"name\":\"from-evil\"}", "Content-Type", "application/json", "Origin", "http://evil.example");
        WebApiTest.refused(r, 403);
        assertThat(Files.exists(lab.models.resolve("from-evil.gbx"))).isFalse();
    }

    @Test void a_cross_site_request_without_an_origin_or_with_origin_null_is_403() throws Exception {
        WebApiTest.refused(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"), 403);
        WebApiTest.refused(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", "application/json", "Origin", "null"), 403);
    }

    @Test void the_labs_own_origin_is_accepted_as_127_0_0_1_and_as_localhost_but_not_at_another_port() throws Exception {
        int port = lab.server.port();
        for (String origin : List.of("http://127.0.0.1:" + port, "http://localhost:" + port))
            assertThat(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", "application/json", "Origin", origin).statusCode()).as(origin).isEqualTo(200);
        assertThat(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", "application/json; charset=utf-8").statusCode())
                .as("a script without an Origin (curl)").isEqualTo(200);
        for (String origin : List.of("http://localhost:" + (port == 65535 ? 1 : port + 1), "https://127.0.0.1:" + port, "http://127.0.0.1.evil.example:" + port))
            WebApiTest.refused(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", "application/json", "Origin", origin), 403);
    }

    @Test void a_json_body_sent_as_another_type_is_415() throws Exception {
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"))
            assertThat(WebApiTest.refused(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", type), 415)).as(type).contains("application/json");
        WebApiTest.refused(post("/api/models/mlp-16-16/predict", PIXELS), 415);   // a body with no Content-Type
        WebApiTest.refused(post("/api/playground/sessions", "{}", "Content-Type", "text/plain"), 415);
        assertThat(post("/api/models/mlp-16-16/predict", PIXELS, "Content-Type", "application/vnd.glassbox+json").statusCode()).isEqualTo(200);
        assertThat(post("/api/training/999999/stop", "").statusCode()).as("a POST without a body needs no type").isEqualTo(404);
    }

    @Test void a_dns_rebound_host_name_is_403_even_for_a_get() throws Exception {
        int port = lab.server.port();
        String e = refused(lab.raw(request("GET", "/api/models", "evil.example:" + port)), 403);
        assertThat(e).contains("127.0.0.1").contains("--public-name");
        refused(lab.raw(request("GET", "/", "lab.school.example:" + port)), 403);
        refused(lab.raw(request("POST", "/api/training", "evil.example:" + port, "Content-Type: application/json", "Content-Length: 2") .replace("\r\n\r\n", "\r\n\r\n{}")), 403);
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port))
            assertThat(lab.raw(request("GET", "/api/models", host)).status()).as(host).isEqualTo(200);
    }

    @Test void a_public_name_is_accepted_once_the_server_is_told_it() throws Exception {
        try (LabServer named = new LabServer(List.of("lab.school.example"))) {
            int port = named.server.port();
            assertThat(named.raw(request("GET", "/api/models", "lab.school.example")).status()).isEqualTo(200);
            String body = "{\"seed\":1}";
            String postFromThere = request("POST", "/api/lessons/bowl", "lab.school.example", "Origin: https://lab.school.example",
                    "Content-Type: application/json", "Content-Length: " + body.length()).replace("\r\n\r\n", "\r\n\r\n" + body);
            assertThat(named.raw(postFromThere).status()).as("a proxy's https origin").isEqualTo(200);
            refused(named.raw(postFromThere.replace("Origin: https://lab.school.example", "Origin: https://evil.example")), 403);
            refused(named.raw(request("GET", "/api/models", "evil.example:" + port)), 403);
        }
    }

    @Test void a_semicolon_or_a_broken_escape_in_the_path_or_query_is_400() throws Exception {
        String host = here();
        assertThat(refused(lab.raw(request("POST", "/api/models/a;%zz/predict", host)), 400)).contains(";");
        refused(lab.raw(request("GET", "/api/training/1;%zz", host)), 400);
        refused(lab.raw(request("GET", "/api/models/mlp-16-16;%", host)), 400);
        refused(lab.raw(request("POST", "/api/models/%zz/predict", host)), 400);
        refused(lab.raw(request("GET", "/api/models/%C3%28", host)), 400);
        assertThat(refused(lab.raw(request("GET", "/api/mnist/test?model=%zz", host)), 400)).contains("%25");
    }

    @Test void a_malformed_chunked_body_is_400_on_every_route() throws Exception {
        for (String path : List.of("/api/models/mlp-16-16/predict", "/api/training", "/api/playground/sessions", "/api/lessons/bowl")) {
            String head = request("POST", path, here(), "Content-Type: application/json", "Transfer-Encoding: chunked");
            assertThat(refused(lab.raw(head + "zz\r\n{\"pixels\":[]}\r\n0\r\n\r\n"), 400)).as(path).contains("could not be read");
            refused(lab.raw(head + "5\r\n{\"hid\r\n3\r\nabcdefgh\r\n0\r\n\r\n"), 400);
            refused(lab.raw(head + "50\r\n{\"hid"), 400);   // ends early
        }
        assertThat(lab.post("/api/models/mlp-16-16/predict", PIXELS).statusCode()).as("still serving").isEqualTo(200);
    }

    /**
     * A server on 0.0.0.0 (a classroom) answers to the machine's own addresses and loopback, never to a
     * name it was not told. Checked on the guard itself: a test server listening on every address would be
     * open to the network while the test runs.
     */
    @Test void a_server_on_every_address_accepts_the_machines_addresses_and_no_other_name() throws Exception {
        RequestGuard all = new RequestGuard("0.0.0.0", List.of("lab.school.example"));
        assertThat(all.acceptsHost("127.0.0.1:8080")).isTrue();
        assertThat(all.acceptsHost("localhost:8080")).isTrue();
        assertThat(all.acceptsHost("lab.school.example")).isTrue();
        var addresses = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream()).filter(a -> a instanceof java.net.Inet4Address).toList();
        for (var a : addresses) assertThat(all.acceptsHost(a.getHostAddress() + ":8080")).as(a.toString()).isTrue();
        assertThat(all.acceptsHost("192.0.2.77:8080")).as("an address of another machine (TEST-NET-1)").isFalse();
        assertThat(all.acceptsHost("evil.example:8080")).isFalse();
        assertThat(all.acceptsHost("0.0.0.0:8080")).isFalse();
        RequestGuard loopback = new RequestGuard("127.0.0.1", List.of());
        for (var a : addresses) if (!a.isLoopbackAddress()) assertThat(loopback.acceptsHost(a.getHostAddress())).as(a.toString()).isFalse();
    }
}
