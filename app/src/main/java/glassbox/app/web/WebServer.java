package glassbox.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import glassbox.app.experiments.ExperimentRoutes;
import glassbox.app.playground.PlaygroundRoutes;
import glassbox.data.Mnist;
import glassbox.engine.BadInputException;
import glassbox.engine.Dataset;
import glassbox.lab.Noise;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The web lab's server: static pages from the jar (resources/web, {@link #serveSiteFiles}), the digit lab's
 * JSON API, and the API routes the playground and experiments pages register, all in the one
 * {@code Javalin.create} block below; the handlers parse, call {@link DigitLab} or {@link LiveTraining},
 * and answer JSON. A refused request gets a 4xx status and {"error": "one sentence"} ({@link ApiErrors}).
 */
public final class WebServer {
    /** Largest request body: a 512x512 drawing as JSON numbers fits. */
    public static final long MAX_BODY = 4L << 20;

    private final DigitLab lab;
    private final LiveTraining training;
    private final Javalin app;
    /** Set by {@link #start}, once the address served is known. */
    private volatile RequestGuard guard = new RequestGuard("127.0.0.1", List.of());
    private final ObjectMapper mapper = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);   // "{...} junk" is not JSON

    /** A server over the models in {@code modelFolder}, reading MNIST the standard way. */
    public WebServer(Path modelFolder) {
        this(modelFolder, () -> Mnist.loadTraining("mnist"), () -> Mnist.loadTest("mnist"));
    }

    /** Headers on every page, script, style and JSON file of the site: browsers check for a new version each time. */
    static final Map<String, String> SITE_HEADERS = Map.of("Cache-Control", "no-cache");
    /** Pages whose address is not their file's path under resources/web. */
    static final Map<String, String> PAGES = Map.of("/playground", "playground/playground.html", "/lessons", "playground/lessons.html",
            "/experiments", "experiments/index.html");

    /**
     * The one static handler: every file under resources/web (pages, scripts, styles, i18n/*.json) at its own
     * path, and the {@link #PAGES} at theirs, all with the {@link #SITE_HEADERS}. Route groups add only their API.
     */
    public static void serveSiteFiles(io.javalin.config.JavalinConfig cfg) {
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/";
            s.directory = "/web";
            s.location = Location.CLASSPATH;
            s.headers = SITE_HEADERS;
        });
        PAGES.forEach((path, file) -> cfg.routes.get(path, ctx -> {
            try (java.io.InputStream in = WebServer.class.getResourceAsStream("/web/" + file)) {
                if (in == null) throw ApiException.notFound("the page " + file + " is missing from this build.");
                SITE_HEADERS.forEach(ctx::header);
                ctx.html(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }));
    }

    WebServer(Path modelFolder, Supplier<Dataset> trainingSet, Supplier<Dataset> testSet) {
        Models models = new Models(modelFolder);
        this.lab = new DigitLab(models, testSet);
        this.training = new LiveTraining(trainingSet, lab::test).readDataInBackground();
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.jsonMapper(new io.javalin.json.JavalinJackson(mapper, false));
            serveSiteFiles(cfg);
            ApiErrors.register(cfg);
            cfg.routes.before(ctx -> guard.check(ctx));

            cfg.routes.get("/api/models", ctx -> ctx.json(lab.list()));
            cfg.routes.get("/api/models/{name}", ctx -> ctx.json(lab.detail(ctx.pathParam("name"), intParam(ctx, "per_unit", 6, 0, 64))));
            cfg.routes.post("/api/models/{name}/predict", this::predict);
            cfg.routes.get("/api/models/{name}/layers/{layer}/units/{unit}", ctx -> ctx.json(
                    lab.neuron(ctx.pathParam("name"), pathInt(ctx, "layer"), pathInt(ctx, "unit"))));
            cfg.routes.get("/api/mnist/test", ctx -> ctx.json(lab.testPage(modelParam(ctx),
                    "misclassified".equals(ctx.queryParam("filter")), intParam(ctx, "from", 0, 0, 1_000_000), intParam(ctx, "count", 24, 1, 100))));
            cfg.routes.get("/api/mnist/test/{index}", ctx -> ctx.json(lab.testImage(pathInt(ctx, "index"), modelParam(ctx))));
            cfg.routes.get("/api/noise", ctx -> {
                long seed = intParam(ctx, "seed", (int) (System.nanoTime() & 0xffff), 0, Integer.MAX_VALUE);
                ctx.json(Map.of("seed", seed, "pixels", DigitLab.rounded(Noise.uniform(seed), 784)));
            });

            cfg.routes.get("/api/training", ctx -> ctx.json(training.list()));
            cfg.routes.post("/api/training", ctx -> ctx.status(201).json(training.start(trainingOptions(body(ctx))).status()));
            cfg.routes.get("/api/training/{id}", ctx -> ctx.json(training.get(pathInt(ctx, "id")).snapshot()));
            cfg.routes.sse("/api/training/{id}/events", client -> training.get(pathInt(client.ctx(), "id")).subscribe(client));
            cfg.routes.post("/api/training/{id}/stop", ctx -> {
                LiveTraining.Session s = training.get(pathInt(ctx, "id"));
                s.stop();
                ctx.json(s.status());
            });
            cfg.routes.post("/api/training/{id}/resume", ctx -> ctx.json(training.resume(pathInt(ctx, "id")).status()));
            cfg.routes.post("/api/training/{id}/save", ctx -> {
                JsonNode b = body(ctx);
                String name = b.path("name").isTextual() ? b.path("name").asText() : null;
                Path saved = training.save(pathInt(ctx, "id"), name, lab.models);
                ctx.status(201).json(Map.of("model", name, "path", saved.toString()));
            });

            PlaygroundRoutes.register(cfg);
            ExperimentRoutes.register(cfg);
            cfg.routes.error(404, this::notFound);
        });
    }

    // ---- handlers ----

    private void predict(Context ctx) {
        String name = ctx.pathParam("name");
        int inputs = lab.models.get(name).template().inputSize();
        Drawing d = Drawing.from(body(ctx), inputs);
        ctx.json(lab.predict(name, d.pixels(), d.preprocessed() ? DigitLab.rounded(d.pixels(), d.pixels().length) : null));
    }

    private JsonNode body(Context ctx) {
        return Drawing.parse(mapper, ctx.bodyAsBytes());
    }

    private static LiveTraining.Options trainingOptions(JsonNode b) {
        List<Integer> hidden = new java.util.ArrayList<>();
        JsonNode h = b.path("hidden");
        if (h.isMissingNode()) hidden = List.of(16, 16);
        else if (h.isArray()) for (JsonNode n : h) {
            if (!n.isIntegralNumber()) throw new BadInputException("hidden must list whole numbers of neurons, e.g. [16, 16].");
            hidden.add(n.intValue());
        }
        else throw new BadInputException("hidden must list the hidden layers' sizes, e.g. [16, 16].");
        return new LiveTraining.Options(hidden, text(b, "activation", "sigmoid"), text(b, "cost", "quadratic"),
                (float) number(b, "learning_rate", 3.0), (int) number(b, "batch_size", 10), (int) number(b, "epochs", 10),
                (int) number(b, "examples", 10_000), (long) number(b, "seed", 1), text(b, "init", "normal"));
    }

    private static String text(JsonNode b, String key, String otherwise) {
        JsonNode n = b.get(key);
        if (n == null || n.isNull()) return otherwise;
        if (!n.isTextual()) throw new BadInputException("\"" + key + "\" must be text, like \"" + otherwise + "\".");
        return n.asText();
    }

    private static double number(JsonNode b, String key, double otherwise) {
        JsonNode n = b.get(key);
        if (n == null || n.isNull()) return otherwise;
        if (!n.isNumber()) throw new BadInputException("\"" + key + "\" must be a number, like " + otherwise + ".");
        return n.doubleValue();
    }

    private static int pathInt(Context ctx, String key) {
        String v = ctx.pathParam(key);
        try { return Integer.parseInt(v); }
        catch (NumberFormatException e) { throw new BadInputException(key + " must be a whole number, not '" + Models.shorten(v) + "'."); }
    }

    private static int intParam(Context ctx, String key, int otherwise, int min, int max) {
        String v = ctx.queryParam(key);
        if (v == null || v.isBlank()) return otherwise;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new BadInputException(key + " must be from " + min + " to " + max + ", not " + n + ".");
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(key + " must be a whole number, not '" + Models.shorten(v) + "'.");
        }
    }

    private String modelParam(Context ctx) {
        String m = ctx.queryParam("model");
        if (m == null || m.isBlank()) return null;
        lab.models.get(m);
        return m;
    }

    /** Unknown paths: an API error in JSON (unless a handler gave one), else a small page with the navigation. */
    private void notFound(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            String r = ctx.result();
            if (r == null || r.isEmpty() || !r.startsWith("{\"error\"")) ctx.json(ApiErrors.error("there is no API endpoint " + ctx.method() + " " + ctx.path() + "; see the web lab section of the README."));
            return;
        }
        String title = "Not found", text = "There is no page at " + escape(ctx.path()) + ".";
        ctx.contentType("text/html; charset=utf-8").result("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Glassbox</title><link rel="stylesheet" href="/style.css"></head>
                <body><script type="module" src="/nav.js"></script><main class="page narrow"><h1>%s</h1><p>%s</p><p><a href="/">Back to the digit lab</a></p></main></body></html>
                """.formatted(title, title, text));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- life cycle ----

    public WebServer start(String host, int port) { return start(host, port, List.of()); }

    /**
     * Listens on host:port. Requests must name that host (or its loopback equivalents; any address of
     * the machine for 0.0.0.0) or one of {@code publicNames}, the names a proxy or a DNS entry gives the lab.
     */
    public WebServer start(String host, int port, List<String> publicNames) {
        guard = new RequestGuard(host, publicNames);
        app.start(host, port);
        Thread warm = new Thread(lab::warmUp, "lab-warm-up");
        warm.setDaemon(true);
        warm.setPriority(Thread.MIN_PRIORITY);
        warm.start();
        return this;
    }

    public int port() { return app.port(); }

    /** The host names the lab answers to (see {@link #start(String, int, List)}). */
    public java.util.Set<String> hostNames() { return guard.names(); }

    /** What the handlers call, for tests that look inside (how many copies a model has). */
    DigitLab lab() { return lab; }

    public boolean hasModels() { return !lab.models.isEmpty(); }

    public void stop() {
        training.stopAll();
        lab.close();
        app.stop();
    }
}
