package glassbox.app.experiments;

import glassbox.app.web.ApiException;
import glassbox.lab.Experiments;
import glassbox.lab.ExperimentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one experiment at a time in the background for the web page, keeping its progress lines, and
 * says where each experiment's report is: the last run's in the reports folder, else the one shipped
 * with Glassbox in docs/experiments/NAME (measured by the maintainers; a run here replaces it).
 */
final class ExperimentRunner {
    static final int KEPT_LINES = 300;

    /** Another run is going: 409. */
    static final class BusyException extends ApiException {
        BusyException(String m) { super(409, m); }
    }

    private final Path reports;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "experiment-runner");
        t.setDaemon(true);
        return t;
    });
    private String name;
    private boolean running;
    private String error, report;
    private final List<String> lines = new ArrayList<>();

    private final Path shipped;

    ExperimentRunner(Path reports, Path shipped) {
        this.reports = reports;
        this.shipped = shipped;
    }

    /** The reports shipped with Glassbox: $GLASSBOX_HOME/docs/experiments, else docs/experiments here or in a parent folder. */
    static Path shippedReports() {
        String home = System.getenv("GLASSBOX_HOME");
        if (home == null) home = System.getProperty("glassbox.home");
        if (home != null && Files.isDirectory(Path.of(home, "docs", "experiments"))) return Path.of(home, "docs", "experiments");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isDirectory(p.resolve("docs/experiments"))) return p.resolve("docs/experiments");
        return Path.of("docs", "experiments");
    }

    /** The folder holding NAME's report: the last run's, else the shipped one (which may not exist either). */
    Path folder(String name) {
        Path run = reports.resolve(name);
        return Files.isRegularFile(run.resolve("result.json")) ? run : shipped.resolve(name);
    }

    /** Every experiment, with its report's summary (from result.json): the last run here, else the shipped one. */
    Map<String, Object> list() {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>(), ship = new LinkedHashMap<>();
        for (Map<String, Object> run : Experiments.found(reports)) found.put(String.valueOf(run.get("experiment")), run);
        for (Map<String, Object> run : Experiments.found(shipped)) ship.put(String.valueOf(run.get("experiment")), run);
        List<Map<String, Object>> all = new ArrayList<>();
        for (var e : Experiments.ALL) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", e.name());
            one.put("title", e.title());
            Map<String, Object> run = found.get(e.name());
            one.put("ran", run != null);
            if (run == null && (run = ship.get(e.name())) != null) one.put("shipped", true);
            if (run != null) {
                one.put("report", "/experiments/" + e.name() + "/index.html");
                for (String k : List.of("seconds", "seed", "quick", "created", "headline")) one.put(k, run.get(k));
            }
            all.add(one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reports", reports.toAbsolutePath().toString());
        out.put("experiments", all);
        out.put("run", progress());
        return out;
    }

    synchronized Map<String, Object> progress() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("running", running);
        p.put("lines", List.copyOf(lines));
        p.put("error", error);
        p.put("report", report);
        return p;
    }

    /** Starts NAME (checked first: an unknown name is a BadInputException); refuses while another run is going. */
    synchronized Map<String, Object> start(String experiment, boolean quick, long seed) {
        Experiments.byName(experiment);
        if (running) throw new BusyException("experiment " + name + " is still running; wait for it to finish.");
        name = experiment;
        running = true;
        error = null;
        report = null;
        lines.clear();
        ExperimentContext lab = new ExperimentContext(seed, quick, this::line);
        worker.submit(() -> {
            try {
                Experiments.Outcome o = Experiments.run(experiment, lab, reports.resolve(experiment));
                finish(null, "/experiments/" + experiment + "/index.html", o);
            } catch (RuntimeException | Error e) {
                finish(e.getMessage() == null ? e.toString() : e.getMessage(), null, null);
            }
        });
        return progress();
    }

    private synchronized void line(String s) {
        lines.add(s);
        if (lines.size() > KEPT_LINES) lines.removeFirst();
    }

    private synchronized void finish(String failure, String page, Experiments.Outcome o) {
        running = false;
        error = failure;
        report = page;
        if (o != null) line(String.format(java.util.Locale.ROOT, "finished in %.1f s", o.seconds()));
    }
}
