package glassbox.app.experiments;

import glassbox.app.web.ApiException;
import glassbox.engine.BadInputException;
import glassbox.lab.Experiments;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The experiments pages, registered by the web server inside Javalin.create(cfg -> ...):
 * <pre>
 *   GET  /experiments                      the page (a static file, see WebServer.serveSiteFiles): runs, a button to run, live progress
 *   GET  /experiments/{name}/{file}        a report's files (index.html, index.zh.html, result.json, PNGs): the last run's, else the shipped one
 *   GET  /api/experiments                  {"reports": folder, "experiments": [{name, title, ran, shipped, report, seconds, seed, quick, created, headline}], "run": progress}
 *   POST /api/experiments/{name}/run       starts a run (?quick=true, ?seed=N); 202 with the progress, 409 while another runs
 *   GET  /api/experiments/progress         {"name", "running", "lines", "error", "report"}
 * </pre>
 */
public final class ExperimentRoutes {
    private ExperimentRoutes() {}

    /** Reports live in $GLASSBOX_HOME/reports (the launcher sets it to the repository), else ./reports. */
    public static Path defaultReports() { return glassbox.data.Home.folder("reports"); }

    public static void register(JavalinConfig cfg) { register(cfg, defaultReports()); }

    public static void register(JavalinConfig cfg, Path reports) {
        ExperimentRunner runner = new ExperimentRunner(reports, ExperimentRunner.shippedReports());
        cfg.routes.get("/experiments/{name}/{file}", ctx -> file(ctx, runner));
        cfg.routes.get("/api/experiments", ctx -> ctx.json(runner.list()));
        cfg.routes.get("/api/experiments/progress", ctx -> ctx.json(runner.progress()));
        cfg.routes.post("/api/experiments/{name}/run", ctx -> {
            String seed = ctx.queryParam("seed");
            long s;
            try { s = seed == null ? 1 : Long.parseLong(seed); }
            catch (NumberFormatException e) { throw new BadInputException("seed must be a whole number, not '" + seed + "'."); }
            ctx.status(202).json(runner.start(ctx.pathParam("name"), "true".equals(ctx.queryParam("quick")), s));
        });
    }

    /** Serves NAME/FILE from NAME's report folder (the last run's or the shipped one) for a known experiment and a plain file name: no paths out of the folder. */
    private static void file(Context ctx, ExperimentRunner runner) throws IOException {
        String name = ctx.pathParam("name"), file = ctx.pathParam("file");
        boolean known = Experiments.names().contains(name);
        if (!known || !file.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || file.contains(".."))
            throw ApiException.notFound("there is no report file " + name + "/" + file + ".");
        Path p = runner.folder(name).resolve(file);
        if (!Files.isRegularFile(p)) throw ApiException.notFound("experiment " + name + " has no file " + file + " yet; run it first.");
        String type = file.endsWith(".png") ? "image/png" : file.endsWith(".json") ? "application/json" : file.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream";
        String html = type.startsWith("text/html") ? Files.readString(p).replace("href=\"../index.html\"", "href=\"/experiments\"") : null;
        if (html != null) ctx.contentType(type).result(html);
        else ctx.contentType(type).result(Files.readAllBytes(p));
    }
}
