package glassbox.app.experiments;

import glassbox.engine.BadInputException;
import glassbox.lab.Experiments;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The experiments pages, registered by the web server inside Javalin.create(cfg -> ...):
 * <pre>
 *   GET  /experiments                      the page: what has been run, a button to run, live progress
 *   GET  /experiments/{name}/{file}        a report's files (index.html, index.zh.html, result.json, PNGs): the last run's, else the shipped one
 *   GET  /api/experiments                  {"reports": folder, "experiments": [{name, title, ran, shipped, report, seconds, seed, quick, created, headline}], "run": progress}
 *   POST /api/experiments/{name}/run       starts a run (?quick=true, ?seed=N); 202 with the progress, 409 while another runs
 *   GET  /api/experiments/progress         {"name", "running", "lines", "error", "report"}
 * </pre>
 */
public final class ExperimentRoutes {
    private ExperimentRoutes() {}

    /** Reports live in $GLASSBOX_HOME/reports (the launcher sets it to the repository), else ./reports. */
    public static Path defaultReports() {
        String home = System.getenv("GLASSBOX_HOME");
        return home != null ? Path.of(home, "reports") : Path.of("reports");
    }

    public static void register(JavalinConfig cfg) { register(cfg, defaultReports()); }

    public static void register(JavalinConfig cfg, Path reports) {
        ExperimentRunner runner = new ExperimentRunner(reports, ExperimentRunner.shippedReports());
        cfg.routes.get("/experiments", ctx -> page(ctx, "web/experiments/index.html", "text/html; charset=utf-8"));
        cfg.routes.get("/experiments/index.html", ctx -> page(ctx, "web/experiments/index.html", "text/html; charset=utf-8"));
        cfg.routes.get("/experiments/experiments.js", ctx -> page(ctx, "web/experiments/experiments.js", "text/javascript; charset=utf-8"));
        cfg.routes.get("/experiments/report.js", ctx -> page(ctx, "web/experiments/report.js", "text/javascript; charset=utf-8"));
        cfg.routes.get("/experiments/report.css", ctx -> page(ctx, "web/experiments/report.css", "text/css; charset=utf-8"));
        cfg.routes.get("/experiments/{name}/{file}", ctx -> file(ctx, runner));
        cfg.routes.get("/api/experiments", ctx -> ctx.json(runner.list()));
        cfg.routes.get("/api/experiments/progress", ctx -> ctx.json(runner.progress()));
        cfg.routes.post("/api/experiments/{name}/run", ctx -> {
            try {
                String seed = ctx.queryParam("seed");
                long s;
                try { s = seed == null ? 1 : Long.parseLong(seed); }
                catch (NumberFormatException e) { throw new BadInputException("seed must be a whole number, not '" + seed + "'."); }
                ctx.status(202).json(runner.start(ctx.pathParam("name"), "true".equals(ctx.queryParam("quick")), s));
            } catch (ExperimentRunner.BusyException e) {
                ctx.status(409).json(Map.of("error", e.getMessage()));
            } catch (BadInputException e) {
                ctx.status(400).json(Map.of("error", e.getMessage()));
            }
        });
    }

    private static void page(Context ctx, String resource, String type) throws IOException {
        try (InputStream in = ExperimentRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) { ctx.status(404).json(Map.of("error", "the page " + resource + " is missing from this build.")); return; }
            ctx.contentType(type).result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Serves NAME/FILE from NAME's report folder (the last run's or the shipped one) for a known experiment and a plain file name: no paths out of the folder. */
    private static void file(Context ctx, ExperimentRunner runner) throws IOException {
        String name = ctx.pathParam("name"), file = ctx.pathParam("file");
        boolean known = Experiments.names().contains(name);
        if (!known || !file.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || file.contains("..")) {
            ctx.status(404).json(Map.of("error", "there is no report file " + name + "/" + file + "."));
            return;
        }
        Path p = runner.folder(name).resolve(file);
        if (!Files.isRegularFile(p)) {
            ctx.status(404).json(Map.of("error", "experiment " + name + " has no file " + file + " yet; run it first."));
            return;
        }
        String type = file.endsWith(".png") ? "image/png" : file.endsWith(".json") ? "application/json" : file.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream";
        String html = type.startsWith("text/html") ? Files.readString(p).replace("href=\"../index.html\"", "href=\"/experiments\"") : null;
        if (html != null) ctx.contentType(type).result(html);
        else ctx.contentType(type).result(Files.readAllBytes(p));
    }
}
