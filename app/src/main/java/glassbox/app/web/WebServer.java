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
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The web lab's server: static pages from the jar (resources/web), the digit lab's JSON API, and the
 * routes the playground and experiments pages register. Every route and error mapping is in the one
 * {@code Javalin.create} block below; the handlers parse, call {@link Lab} or {@link LiveTraining},
 * and answer JSON. A refused request gets a 4xx status and {"error": "one sentence"}.
 */
public final class WebServer {
    /** Largest request body: a 512x512 drawing as JSON numbers fits. */
    public static final long MAX_BODY = 4L << 20;
    private static final Set<String> PLACEHOLDERS = Set.of("/playground", "/lessons", "/experiments");

    private final Lab lab;
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

    /** The pages, scripts and styles under resources/web (the playground's tests serve them too, for /nav.js). */
    public static void serveSiteFiles(io.javalin.config.JavalinConfig cfg) {
        cfg.staticFiles.add(s -> {
            s.hostedPath = "/";
            s.directory = "/web";
            s.location = Location.CLASSPATH;
            s.headers = Map.of("Cache-Control", "no-cache");
        });
    }

    WebServer(Path modelFolder, Supplier<Dataset> trainingSet, Supplier<Dataset> testSet) {
        Models models = new Models(modelFolder);
        this.lab = new Lab(models, testSet);
        this.training = new LiveTraining(trainingSet, lab::test).readDataInBackground();
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY;
            cfg.jsonMapper(new io.javalin.json.JavalinJackson(mapper, false));
            serveSiteFiles(cfg);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
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
                ctx.json(Map.of("seed", seed, "pixels", Lab.rounded(Lab.noise(seed), 784)));
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

            cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status).json(error(e.getMessage())));
            cfg.routes.exception(BadInputException.class, (e, ctx) -> ctx.status(400).json(error(e.getMessage())));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(error(sentence(e))));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (isBrokenRequest(e)) {
                    ctx.status(400).json(error("the request could not be read: it ended early or is malformed."));
                    return;
                }
                e.printStackTrace();
                ctx.status(500).json(error("the server failed on this request (" + e.getClass().getSimpleName() + "); the log has details."));
            });
            cfg.routes.error(404, this::notFound);
        });
    }

    // ---- handlers ----

    private void predict(Context ctx) {
        String name = ctx.pathParam("name");
        int inputs = lab.models.get(name).template().inputSize();
        Drawing d = Drawing.from(body(ctx), inputs);
        ctx.json(lab.predict(name, d.pixels(), d.preprocessed() ? Lab.rounded(d.pixels(), d.pixels().length) : null));
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

    private static Map<String, String> error(String message) { return Map.of("error", message); }

    /** Jetty's word for a request it could not parse or read to the end (the client's fault, not ours). */
    private static boolean isBrokenRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof org.eclipse.jetty.http.BadMessageException || t instanceof org.eclipse.jetty.io.EofException) return true;
        return false;
    }

    /** Jetty's own refusals, made before a request reaches the lab (a malformed URI or header): {"error": ...} too, never a page or a trace. */
    private static final class JettyErrors extends org.eclipse.jetty.server.handler.ErrorHandler {
        private static final ObjectMapper JSON = new ObjectMapper();

        JettyErrors() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override protected void generateResponse(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response, int code,
                                                  String message, Throwable cause, org.eclipse.jetty.util.Callback callback) {
            response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, java.nio.ByteBuffer.wrap(body(code, message)), callback);
        }

        @Override public java.nio.ByteBuffer badMessageError(int code, String message, org.eclipse.jetty.http.HttpFields.Mutable fields) {
            fields.put(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE, "application/json");
            return java.nio.ByteBuffer.wrap(body(code, message));
        }

        private static byte[] body(int code, String message) {
            String why = message == null || message.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
            why = why.replaceAll("[\\r\\n]+", " ").toLowerCase(java.util.Locale.ROOT);
            if (why.length() > 80) why = why.substring(0, 80) + "...";
            String sentence = code == 400 ? "the request is malformed (" + why + "); check the URL's % escapes and the headers."
                    : "the server refused this request (" + code + ", " + why + ").";
            try { return JSON.writeValueAsBytes(Map.of("error", sentence)); }
            catch (com.fasterxml.jackson.core.JsonProcessingException e) { throw new IllegalStateException(e); }
        }
    }

    private static String sentence(HttpResponseException e) {
        if (e.getStatus() == 413) return "the request body is too large; the lab accepts at most " + (MAX_BODY >> 20) + " MB.";
        String m = e.getMessage() == null || e.getMessage().isBlank() ? "the request was refused" : e.getMessage();
        return m.endsWith(".") ? m : m + ".";
    }

    /**
     * Unknown paths: an API error in JSON, or for the other pages' paths (until their helpers register
     * them) a placeholder page, else a small page with the navigation.
     */
    private void notFound(Context ctx) {
        String path = ctx.path().replaceAll("/+$", "");
        if (path.startsWith("/api/")) {
            String r = ctx.result();
            if (r == null || r.isEmpty() || !r.startsWith("{\"error\"")) ctx.json(error("there is no API endpoint " + ctx.method() + " " + ctx.path() + "; see the web lab section of the README."));
            return;
        }
        boolean placeholder = PLACEHOLDERS.contains(path);
        if (placeholder) ctx.status(200);
        String title = placeholder ? path.substring(1, 2).toUpperCase() + path.substring(2) : "Not found";
        String text = placeholder ? "This part of the lab is being built; come back soon." : "There is no page at " + escape(ctx.path()) + ".";
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
    Lab lab() { return lab; }

    public boolean hasModels() { return !lab.models.isEmpty(); }

    public void stop() {
        training.stopAll();
        lab.close();
        app.stop();
    }
}
