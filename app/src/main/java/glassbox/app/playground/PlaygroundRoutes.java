package glassbox.app.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import glassbox.data.Toy;
import glassbox.app.web.ApiException;
import glassbox.engine.BadInputException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The playground and lessons pages and their JSON API (see the README, section "The playground and the lessons"). Training happens only
 * inside a request: the page asks for a few epochs per animation frame and draws the answer, so a page
 * that goes away stops the training at once, and its session is freed after two idle minutes.
 */
public final class PlaygroundRoutes {
    private PlaygroundRoutes() {}

    static final int MAX_EPOCHS_PER_CALL = 200, MAX_BODY = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Sessions SESSIONS = Sessions.standard();
    private static final List<String> SETUP_FIELDS = java.util.Arrays.stream(PlaygroundConfig.class.getRecordComponents()).map(c -> c.getName()).toList();

    public static void register(JavalinConfig cfg) { register(cfg, SESSIONS); }

    static void register(JavalinConfig cfg, Sessions sessions) {
        cfg.routes.before("/api/playground/*", PlaygroundRoutes::checkSize);
        cfg.routes.before("/api/lessons/*", PlaygroundRoutes::checkSize);

        cfg.routes.get("/api/playground/datasets", ctx -> ctx.json(catalogue()));
        cfg.routes.get("/api/playground/datasets/{name}", ctx -> ctx.json(sample(ctx)));
        cfg.routes.post("/api/playground/sessions", ctx -> {
            PlaygroundSession s = sessions.create(config(ctx));
            ctx.status(201).json(s.frame(true));
        });
        cfg.routes.get("/api/playground/sessions/{id}", ctx -> withSession(sessions, ctx, s -> s.frame(true)));
        cfg.routes.post("/api/playground/sessions/{id}/train", ctx -> {
            int epochs = intField(body(ctx), "epochs", 1);
            if (epochs < 1 || epochs > MAX_EPOCHS_PER_CALL)
                throw new BadInputException("epochs per request must be between 1 and " + MAX_EPOCHS_PER_CALL + ", not " + epochs + ".");
            withSession(sessions, ctx, s -> { s.train(epochs); return s.frame(false); });
        });
        cfg.routes.post("/api/playground/sessions/{id}/reset", ctx -> withSession(sessions, ctx, s -> { s.reset(); return s.frame(true); }));
        cfg.routes.post("/api/playground/sessions/{id}/regenerate", ctx -> {
            JsonNode b = body(ctx);
            long seed = b.hasNonNull("seed") ? b.get("seed").asLong() : new Random().nextInt(100_000);
            withSession(sessions, ctx, s -> { s.regenerate(seed); return s.frame(true); });
        });
        cfg.routes.put("/api/playground/sessions/{id}/config", ctx -> {
            PlaygroundConfig next = config(ctx);
            withSession(sessions, ctx, s -> { s.configure(next); return s.frame(true); });
        });
        cfg.routes.delete("/api/playground/sessions/{id}", ctx -> { sessions.close(ctx.pathParam("id")); ctx.status(204); });
        cfg.routes.post("/api/playground/sessions/{id}/close", ctx -> { sessions.close(ctx.pathParam("id")); ctx.status(204); });

        cfg.routes.post("/api/lessons/hill", ctx -> {
            JsonNode b = body(ctx);
            ctx.json(Lessons.hill(intField(b, "epochs", 0), doubleField(b, "rate", 2), b.path("seed").asLong(3)));
        });
        cfg.routes.post("/api/lessons/{lesson}", ctx -> {
            String lesson = ctx.pathParam("lesson");
            if (!List.of("line", "bowl", "sigmoid").contains(lesson))
                throw new BadInputException("unknown lesson '" + lesson + "': use line, bowl, sigmoid or hill.");
            JsonNode b = body(ctx);
            ctx.json(Lessons.descend(lesson, doubleField(b, "w", 0), doubleField(b, "b", 0), doubleField(b, "rate", 0.05),
                    intField(b, "steps", 0), intField(b, "point", 0)));
        });
    }

    // ---- handlers' helpers ----

    /** A playground request carries a setup or a few numbers: larger bodies are refused (413) before any parsing. */
    private static void checkSize(Context ctx) {
        if (ctx.body().length() > MAX_BODY) throw ApiException.tooLarge("the request is larger than " + MAX_BODY / 1000 + " kB.");
    }

    private interface Step { Map<String, Object> apply(PlaygroundSession s); }

    /** Runs a step on the session while holding its lock, and answers its frame. */
    private static void withSession(Sessions sessions, Context ctx, Step step) {
        PlaygroundSession s = sessions.get(ctx.pathParam("id"));
        Map<String, Object> frame;
        synchronized (s) { frame = step.apply(s); }
        ctx.json(frame);
    }

    private static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) return JSON.createObjectNode();
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) throw new BadInputException("the request body must be a JSON object.");
            return node;
        } catch (IOException e) {
            throw new BadInputException("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static PlaygroundConfig config(Context ctx) {
        JsonNode node = body(ctx);
        try {
            return JSON.treeToValue(node, PlaygroundConfig.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new BadInputException("unknown field '" + e.getPropertyName() + "' in the playground setup; the fields are " + String.join(", ", SETUP_FIELDS) + ".");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (e.getCause() instanceof BadInputException b) throw b;
            throw new BadInputException("the playground setup has a field of the wrong type: " + firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof BadInputException b) throw b;
            throw new BadInputException("the playground setup is not valid: " + firstLine(e.getMessage()));
        }
    }

    private static int intField(JsonNode b, String name, int fallback) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new BadInputException("'" + name + "' must be a whole number.");
        return v.asInt();
    }

    private static double doubleField(JsonNode b, String name, double fallback) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw new BadInputException("'" + name + "' must be a number.");
        return v.asDouble();
    }

    /** The names, limits and presets the page builds its controls from. */
    private static Map<String, Object> catalogue() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("classification", Toy.CLASSIFICATION);
        c.put("regression", Toy.REGRESSION);
        c.put("features", PlaygroundConfig.FEATURES);
        c.put("activations", PlaygroundConfig.ACTIVATIONS);
        c.put("limits", Map.of("layers", PlaygroundConfig.MAX_LAYERS, "neurons", PlaygroundConfig.MAX_NEURONS,
                "minRate", PlaygroundConfig.MIN_RATE, "maxRate", PlaygroundConfig.MAX_RATE, "epochsPerCall", MAX_EPOCHS_PER_CALL,
                "uploadPoints", PlaygroundConfig.MAX_UPLOAD_POINTS));
        c.put("presets", Presets.ALL.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());   // the page finds its title and sentence in the messages
            m.put("config", PlaygroundSession.configJson(p.config()));
            return m;
        }).toList());
        return c;
    }

    /** A dataset's points for its thumbnail: ?count (1-1000, default 200)&noise (0-50)&seed. */
    private static Map<String, Object> sample(Context ctx) {
        String name = ctx.pathParam("name");
        Toy.Generator g = Toy.named(name);
        int count = queryInt(ctx, "count", 200), noise = queryInt(ctx, "noise", 0);
        if (count < 1 || count > 1000) throw new BadInputException("count must be between 1 and 1000, not " + count + ".");
        if (noise < 0 || noise > 50) throw new BadInputException("noise must be between 0 and 50, not " + noise + ".");
        List<float[]> points = g.generate(count, noise / 100.0, new Random(queryInt(ctx, "seed", 1))).stream()
                .map(p -> new float[] {p.x(), p.y(), p.label()}).toList();
        return Map.of("name", name, "points", points);
    }

    private static int queryInt(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try { return Integer.parseInt(v.trim()); }
        catch (NumberFormatException e) { throw new BadInputException("'" + name + "' must be a whole number, not '" + v + "'."); }
    }

    /** The first line of a parser's message, cut to 160 characters, ending the sentence it is put in with a full stop. */
    private static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("").strip();
        line = line.length() > 160 ? line.substring(0, 160) + "…" : line;
        return line.replaceAll("[.:;,\\s]+$", "") + ".";
    }
}
