package glassbox.lab;

import glassbox.engine.BadInputException;
import glassbox.engine.Json;
import glassbox.engine.ModelFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seven experiments by name, and running one: compute, save result.json, draw the report. */
public final class Experiments {
    public static final List<Experiment<?>> ALL = List.of(new WeightMapsLookLikeNoise(), new NoiseFoolsTheNetwork(),
            new ShiftedDigitsBreakTheMlp(), new TenHiddenNeuronsReach93Percent(), new GoodInitAndL2SmoothTheWeights(),
            new MistakesHumansWouldMake(), new HiddenNeuronsDetectEdgesOrLoops());

    /** What a run left behind: the page, the headline figures and how long it took. */
    public record Outcome(String name, String title, Path report, Map<String, Object> headline, double seconds, double cpuSeconds) {}

    private Experiments() {}

    public static List<String> names() { return ALL.stream().map(Experiment::name).toList(); }

    public static Experiment<?> byName(String name) {
        for (Experiment<?> e : ALL) if (e.name().equals(name)) return e;
        throw new BadInputException("there is no experiment '" + name + "': use one of " + String.join(", ", names()) + ", or all.");
    }

    /** Runs the experiment, writes dir/result.json and the report in dir; returns where index.html is. */
    public static Outcome run(String name, ExperimentContext lab, Path dir) {
        return runTyped(byName(name), lab, dir);
    }

    /** Draws the report in dir again from dir/result.json alone (no training): what render promises. */
    @SuppressWarnings("unchecked")
    public static Outcome redraw(String name, Path dir) {
        Experiment<?> e = byName(name);
        Path file = dir.resolve("result.json");
        Map<String, Object> json;
        try { json = (Map<String, Object>) Json.parse(Files.readString(file)); }
        catch (IOException x) { throw new BadInputException("cannot read " + file + ": run the experiment first (" + x.getMessage() + ")."); }
        if (!name.equals(json.get("experiment"))) throw new BadInputException(file + " holds the experiment '" + json.get("experiment") + "', not '" + name + "'.");
        return redrawTyped(e, json, dir);
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> Outcome redrawTyped(Experiment<R> e, Map<String, Object> json, Path dir) {
        R result = Records.read(resultType(e), json.get("result"));
        double seconds = ((Number) json.get("seconds")).doubleValue();
        double cpu = json.get("cpu_seconds") instanceof Number n ? n.doubleValue() : 0;
        long seed = ((Number) json.get("seed")).longValue();
        boolean quick = Boolean.TRUE.equals(json.get("quick"));
        Path index = draw(e, result, dir, seconds, cpu, seed, quick);
        return new Outcome(e.name(), e.title(), index, e.headline(result), seconds, cpu);
    }

    /** The R of Experiment&lt;R&gt; that the experiment class implements. */
    @SuppressWarnings("unchecked")
    static <R extends Record> Class<R> resultType(Experiment<R> e) {
        for (var t : e.getClass().getGenericInterfaces())
            if (t instanceof java.lang.reflect.ParameterizedType p && p.getRawType() == Experiment.class) return (Class<R>) p.getActualTypeArguments()[0];
        throw new IllegalStateException(e.getClass() + " does not say its result type");
    }

    private static <R extends Record> Path draw(Experiment<R> e, R result, Path dir, double seconds, double cpuSeconds, long seed, boolean quick) {
        Report report = new Report(dir, e.title());
        e.render(result, report);
        String command = "glassbox experiment " + e.name() + " --seed " + seed + (quick ? " --quick" : "");
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("command", "<code>" + command + "</code>");
        params.put("seconds", Draw.fmt("%.1f", seconds));
        params.put("cpu", Draw.fmt("%.1f", cpuSeconds));
        params.put("cores", String.valueOf(cores));
        params.put("seed", String.valueOf(seed));
        String english = Draw.fmt("Made by %s in %s s (%son a machine with %d cores, shared with other work; seed %d).", params.get("command"), params.get("seconds"),
                cpuSeconds > 0 ? params.get("cpu") + " s of CPU time, " : "", cores, seed);
        String made = Report.keyed(cpuSeconds > 0 ? "report.madeBy" : "report.madeByNoCpu", params, english)
                + (quick ? Report.keyed("report.quick", Map.of(), "<b>Quick run: tiny data, numbers are only a smoke test.</b>") : "");
        return report.write(made);
    }

    private static <R extends Record> Outcome runTyped(Experiment<R> e, ExperimentContext lab, Path dir) {
        long t0 = System.nanoTime(), cpu0 = cpuNanos();
        lab.log("%s: %s%s", e.name(), e.title(), lab.quick ? " (quick)" : "");
        R result = e.run(lab);
        // rounded as result.json keeps them, so a page redrawn from the JSON alone is the same page
        double seconds = Math.round((System.nanoTime() - t0) / 1e8) / 10.0, cpuSeconds = Math.round((cpuNanos() - cpu0) / 1e8) / 10.0;
        Map<String, Object> headline = e.headline(result);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", e.name());
        json.put("title", e.title());
        json.put("seed", lab.seed);
        json.put("quick", lab.quick);
        json.put("seconds", seconds);
        json.put("cpu_seconds", cpuSeconds);
        json.put("created", Instant.now().toString());
        json.put("headline", headline);
        json.put("result", result);
        write(dir.resolve("result.json"), Json.write(json));
        Path index = draw(e, result, dir, seconds, cpuSeconds, lab.seed, lab.quick);
        lab.log("%s: done in %.1f s (%.1f s CPU), report %s", e.name(), seconds, cpuSeconds, index);
        return new Outcome(e.name(), e.title(), index, headline, seconds, cpuSeconds);
    }

    /** CPU time used by this JVM so far (all threads), or 0 where the platform does not say. */
    static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** The index page of a reports folder: one entry per experiment with its headline figures. */
    public static Path writeIndex(Path dir, List<Outcome> outcomes) {
        StringBuilder body = new StringBuilder("<table><thead><tr><th>experiment</th><th>claim tested</th><th>seconds</th><th>headline figures</th></tr></thead><tbody>\n");
        for (Outcome o : outcomes) {
            String rel = dir.toAbsolutePath().relativize(o.report().toAbsolutePath()).toString().replace('\\', '/');
            body.append("<tr><td style=\"text-align:left\"><a href=\"").append(rel).append("\">").append(o.name()).append("</a></td><td style=\"text-align:left\">")
                .append(Report.escape(o.title())).append("</td><td>").append(Draw.fmt("%.1f", o.seconds())).append("</td><td style=\"text-align:left\"><code>")
                .append(Report.escape(Json.write(o.headline()))).append("</code></td></tr>\n");
        }
        body.append("</tbody></table>\n");
        String html = Report.page("Glassbox experiments", "<p>The claims of the videos, the blog and the book about what a network learns, each tested by one command: "
                + "<code>glassbox experiment NAME</code>. Each page says what was done, shows the figures and the numbers behind them.</p>", body.toString());
        Path index = dir.resolve("index.html");
        write(index, html.replace("<p><a href=\"../index.html\" data-i18n=\"report.all\">all experiments</a></p>\n", ""));
        return index;
    }

    static void write(Path file, String text) {
        try { Report.writeReadable(file, text.getBytes(StandardCharsets.UTF_8)); }
        catch (IOException e) { throw new UncheckedIOException("cannot write " + file, e); }
    }

    /** The runs found in a reports folder (NAME/result.json), in the experiments' order: their JSON as maps. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> found(Path reports) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (String name : names()) {
            Path json = reports.resolve(name).resolve("result.json");
            if (!Files.isRegularFile(json)) continue;
            try {
                Map<String, Object> all = (Map<String, Object>) Json.parse(Files.readString(json));
                Map<String, Object> summary = new LinkedHashMap<>(all);
                summary.remove("result");
                runs.add(summary);
            } catch (IOException | RuntimeException e) {
                // a half-written or foreign file: not listed
            }
        }
        return runs;
    }
}
