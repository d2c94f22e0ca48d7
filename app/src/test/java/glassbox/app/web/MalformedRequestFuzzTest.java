package glassbox.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A seeded fuzz of the lab's HTTP surface: a few hundred malformed requests (broken paths and escapes,
 * path and query values out of range, bodies that are not JSON or not the JSON asked for, broken chunks,
 * short bodies, foreign hosts, origins and content types), written by hand on a socket. Each must get
 * a 4xx, never a 5xx, and never a stack trace; a JSON answer is {"error": one sentence}. Then the
 * server still answers a good predict. Same seed, same requests: a failure prints the seed and the request.
 */
class MalformedRequestFuzzTest {
    static final long SEED = 20_261_205L;
    static final int REQUESTS = 400;
    static LabServer lab;
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll static void start() { lab = new LabServer(); }

    @AfterAll static void stop() throws Exception { lab.close(); }

    @Test void four_hundred_malformed_requests_each_get_a_4xx_with_one_sentence_and_no_stack_trace() throws Exception {
        Random r = new Random(SEED);
        for (int i = 0; i < REQUESTS; i++) {
            String request = malformed(r);
            RawHttp.Response res;
            try {
                res = lab.raw(request);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + ", request " + i + " got no answer (" + e + "):\n" + printable(request), e);
            }
            String where = "seed " + SEED + ", request " + i + ":\n" + printable(request) + "\n--- answer:\n" + res.head() + "\n\n" + printable(res.body());
            if (res.status() < 400 || res.status() > 499) fail("not a 4xx; " + where);
            assertThat(res.body()).as(where).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain(".java:").doesNotContain("<h2>HTTP ERROR");
            String type = res.header("Content-Type");
            if (type != null && type.startsWith("application/json")) {
                JsonNode body = json.readTree(res.body());
                assertThat(body.size()).as(where).isEqualTo(1);
                assertThat(body.get("error").asText()).as(where).endsWith(".").doesNotContain("\n");
            }
        }
        var ok = lab.post("/api/models/mlp-16-16/predict", WebApiTest.pixelsBody(new float[784]));
        assertThat(ok.statusCode()).as("after the fuzz, a good predict").isEqualTo(200);
        Models.Entry mlp = lab.server.lab().models.get("mlp-16-16");
        assertThat(mlp.permits().availablePermits()).as("no copy left borrowed").isEqualTo(mlp.copies());
    }

    // ---- the requests ----

    static final List<String> MODELS = List.of("mlp-16-16", "cnn-best", "mlp-30");
    static final List<String> BAD_SEGMENTS = List.of("a;b", "a;%zz", "%zz", "%", "%C3%28", "%00", "..", "%2e%2e", "a%2Fb", "%3B", "x".repeat(3000),
            "-1", "99999999999", "1e3", "NaN", "0x10", " 1", "%20", "\u00e9", "%F0%9F%98", "*", "..%2F..%2Fetc%2Fpasswd", "1;x", "%25zz");
    static final List<String> NOT_DOTS = BAD_SEGMENTS.stream().filter(s -> !s.equals("..") && !s.contains("%2e")).toList();
    static final List<String> BAD_NUMBERS = List.of("-1", "-5", "100000", "2147483648", "abc", "1.5", "%zz", "1%3B", "%C3%28", "9".repeat(40));

    /** One malformed request, chosen by r. */
    static String malformed(Random r) {
        String host = "127.0.0.1:" + lab.server.port();
        return switch (r.nextInt(10)) {
            case 0 -> get(host, badPath(r));
            case 1 -> get(host, badQuery(r));
            case 2 -> post(host, "/api/models/" + pick(r, MODELS) + "/predict", "application/json", badPredictBody(r));
            case 3 -> r.nextInt(3) > 0 ? post(host, pick(r, List.of("/api/training", "/api/playground/sessions")), "application/json", badSetupBody(r))
                    : post(host, pick(r, List.of("/api/lessons/bowl", "/api/lessons/line", "/api/lessons/hill")), "application/json", badLessonBody(r));
            case 4 -> chunked(host, "/api/models/" + pick(r, MODELS) + "/predict", r);
            case 5 -> shortBody(host, pick(r, List.of("/api/models/mlp-16-16/predict", "/api/training", "/api/playground/sessions")), r);
            case 6 -> post(host, "/api/models/mlp-16-16/predict", pick(r, List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=z",
                    "application/xml", "", "json", "application/jsonx", "text/json")), "{\"pixels\":[0]}");
            case 7 -> foreign(r);
            case 8 -> post(host, pick(r, List.of("/api/training/999999/save", "/api/training/1x/stop", "/api/training/-1/resume", "/api/experiments/no-such/run",
                    "/api/lessons/nope", "/api/playground/sessions/zz/train", "/api/models/no-such/predict", "/api/nothing")), "application/json", badSetupBody(r));
            default -> raw(host, r);
        };
    }

    static String badPath(Random r) {
        String seg = pick(r, BAD_SEGMENTS);
        return switch (r.nextInt(7)) {
            case 0 -> "/api/models/" + seg;
            case 1 -> "/api/models/" + pick(r, MODELS) + "/layers/" + pick(r, BAD_NUMBERS) + "/units/" + pick(r, BAD_NUMBERS);
            case 2 -> "/api/mnist/test/" + pick(r, BAD_NUMBERS);
            case 3 -> "/api/training/" + seg;
            case 4 -> "/api/playground/datasets/" + seg;
            case 5 -> "/api/models/" + seg + "/layers/0/units/0";
            default -> "/experiments/" + pick(r, NOT_DOTS) + "/" + pick(r, NOT_DOTS);   // "a/.." would be the experiments page itself
        };
    }

    static String badQuery(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "/api/mnist/test?model=" + pick(r, MODELS) + "&from=" + pick(r, BAD_NUMBERS) + "&count=" + pick(r, List.of("0", "101", "-3", "x", "%zz"));
            case 1 -> "/api/mnist/test?model=" + pick(r, NOT_DOTS.stream().filter(x -> !x.equals("%20")).toList());   // a blank model means none
            case 2 -> "/api/noise?seed=" + pick(r, List.of("-1", "abc", "1.5", "%zz", "2147483648", "9".repeat(40), "%C3%28"));
            default -> "/api/models/mlp-16-16?per_unit=" + pick(r, List.of("65", "-1", "x", "%", "1e9"));
        };
    }

    static String badPredictBody(Random r) {
        String pixels = "[" + "0,".repeat(783) + "0]";
        return switch (r.nextInt(14)) {
            case 0 -> "";
            case 1 -> "{\"pixels\":" + pixels.substring(0, r.nextInt(pixels.length() - 1));
            case 2 -> "{\"pixels\":[" + "0,".repeat(r.nextInt(783)) + "0]}";
            case 3 -> "{\"pixels\":" + pixels.replaceFirst("0", pick(r, List.of("1e400", "-0.5", "2", "\"0\"", "null", "true", "[]", "{}", "NaN", "Infinity"))) + "}";
            case 4 -> "[" + "[".repeat(5000) + "]".repeat(5000) + "]";
            case 5 -> "{\"width\":" + pick(r, List.of("0", "-1", "5000", "1.5", "\"70\"", "null")) + ",\"height\":70,\"grey\":[]}";
            case 6 -> "{\"width\":70,\"height\":70,\"grey\":[0,1,2]}";
            case 7 -> "{\"width\":100,\"height\":100,\"strokes\":" + pick(r, List.of("[[1]]", "[[]]", "[1,2]", "\"x\"", "[[1,2,3]]", "[[1e300,1,2,2]]", "[[\"a\",1]]")) + "}";
            case 8 -> "{\"width\":100,\"height\":100,\"line_width\":" + pick(r, List.of("0", "-2", "\"x\"", "1e9")) + ",\"strokes\":[[1,2,3,4]]}";
            case 9 -> "\uFEFF{\"pixels\":[1,0]}";
            case 10 -> "{\"pixels\":" + pixels + "} trailing";
            case 11 -> randomText(r, 1 + r.nextInt(300));
            case 12 -> "{\"" + "k".repeat(r.nextInt(100)) + "\":" + "9".repeat(1 + r.nextInt(2000)) + "}";
            default -> "null";
        };
    }

    static String badSetupBody(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> "{\"hidden\":" + pick(r, List.of("[0]", "[1000]", "[1,2,3,4,5]", "\"16\"", "[1.5]", "[]", "{}", "[-4]")) + "}";
            case 1 -> "{\"hidden\":[8],\"learning_rate\":" + pick(r, List.of("0", "-1", "1e40", "\"fast\"", "[]")) + "}";
            case 2 -> "{\"hidden\":[8],\"epochs\":" + pick(r, List.of("0", "100000", "-1", "\"1\"")) + "}";
            case 3 -> "{\"hidden\":[8],\"examples\":" + pick(r, List.of("1", "99", "1000000")) + "}";
            case 4 -> "{\"hidden\":[8],\"batch_size\":" + pick(r, List.of("0", "5000", "-3")) + "}";
            case 5 -> "{\"hidden\":[8],\"activation\":\"" + pick(r, List.of("soup", "", "SIGMOID!!")) + "\",\"init\":\"x\"}";
            case 6 -> "{\"epochs\":" + pick(r, List.of("-1", "1e9", "\"x\"")) + ",\"w\":\"x\",\"rate\":\"x\",\"steps\":-1,\"dataset\":\"nope\"}";
            case 7 -> "[" + "{".repeat(r.nextInt(3000)) ;
            case 8 -> randomText(r, 1 + r.nextInt(200));
            default -> "{\"cost\":\"nope\",\"hidden\":[8],\"unknown_field_" + r.nextInt(99) + "\":1,\"problem\":7,\"noise\":\"x\"}";
        };
    }

    static String badLessonBody(Random r) {
        // each wrong for every lesson: descend reads w, b, rate, steps, point; hill reads epochs, rate, seed
        return pick(r, List.of("{\"w\":\"x\",\"epochs\":\"many\"}", "{\"rate\":[]}", "{\"steps\":1.5,\"epochs\":1.5}", "[1]", "{\"b\":", "{\"point\":{},\"rate\":\"x\"}", "\"text\""));
    }

    static String chunked(String host, String path, Random r) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        return head + switch (r.nextInt(5)) {
            case 0 -> "zz\r\n{\"pixels\":[]}\r\n0\r\n\r\n";
            case 1 -> "5\r\n{\"pix\r\n3\r\nabcdefgh\r\n0\r\n\r\n";
            case 2 -> "ff\r\n{\"pixels\":[";
            case 3 -> "-1\r\n{}\r\n0\r\n\r\n";
            default -> "2\r\n{}\r\n";   // no last chunk
        };
    }

    static String shortBody(String host, String path, Random r) {
        String body = "{\"pixels\":[0,0";
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: " + (body.length() + 1 + r.nextInt(5000))
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    /** The right request from the wrong place: a foreign Host, Origin or fetch site. */
    static String foreign(Random r) {
        int port = lab.server.port();
        String evil = pick(r, List.of("evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "10.255.255.1", "attacker", "[::2]"));
        return switch (r.nextInt(4)) {
            case 0 -> get(evil + ":" + port, pick(r, List.of("/api/models", "/", "/api/training", "/api/mnist/test")));
            case 1 -> "POST /api/training HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://" + evil + (r.nextBoolean() ? ":" + port : "")
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
            case 2 -> "POST /api/training/1/save HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nSec-Fetch-Site: cross-site\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
            default -> "POST /api/training HTTP/1.1\r\nHost: " + evil + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        };
    }

    /** Broken HTTP itself: request lines, headers, methods. */
    static String raw(String host, Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> "GET /api/models HTTP/1.1\r\nHost: " + host + "\r\nX-Bad: \u0001\r\nConnection: close\r\n\r\n";
            case 1 -> "GET /api/models HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n";
            case 2 -> "GET /api/mo dels HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            case 3 -> "GET /api/models HTTP/1.1\r\nConnection: close\r\n\r\n";
            case 4 -> pick(r, List.of("PUT", "DELETE", "PATCH")) + " /api/models/mlp-16-16/predict HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            case 5 -> "GET /api/models HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: abc\r\nConnection: close\r\n\r\n";
            case 6 -> "POST /api/models/mlp-16-16/predict HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n";
            default -> "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        };
    }

    static String get(String host, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    static String post(String host, String path, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n")
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Random JSON-ish characters after a ':', so never valid JSON (a valid "{}" would start a training). */
    static String randomText(Random r, int n) {
        StringBuilder s = new StringBuilder(":");
        String alphabet = "{}[]\":,0123456789.-+eE tnulfras\\\u00ff\u0000\n";
        for (int i = 0; i < n; i++) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return s.toString();
    }

    static <T> T pick(Random r, List<T> xs) { return xs.get(r.nextInt(xs.size())); }

    static String printable(String s) {
        String t = s.length() > 600 ? s.substring(0, 600) + "... (" + s.length() + " chars)" : s;
        return t.replace("\r", "\\r").replaceAll("[\\x00-\\x08\\x0b-\\x1f]", "?");
    }
}
