package glassbox.app;

import glassbox.engine.Json;
import glassbox.lab.Experiments;
import glassbox.lab.ExperimentContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run one of the seeds' experiments (or all) and write its report: JSON numbers, PNG figures, an HTML page.")
final class ExperimentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME", description = "weights, noise, shift, sweep, init, errors, activations, or all")
    String name;
    @Option(names = "--out", description = "report folder (default: reports/NAME, or reports/ for all)")
    Path out;
    @Option(names = "--json", description = "end with one JSON object: report (its index.html) and the headline figures")
    boolean json;
    @Option(names = "--seed", description = "random seed: the same seed gives the same numbers (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;
    @Option(names = "--quick", description = "tiny data and epochs: a smoke test in seconds, not a result")
    boolean quick;
    @Option(names = "--redraw", description = "draw the figures and page again from the report folder's result.json, without rerunning")
    boolean redraw;

    @Override public Integer call() {
        PrintWriter err = spec.commandLine().getErr(), o = spec.commandLine().getOut();
        ExperimentContext lab = new ExperimentContext(seed, quick, line -> { err.println(line); err.flush(); });
        Map<String, Object> figures = new LinkedHashMap<>();
        if (name.equals("all")) {
            Path dir = out != null ? out : Path.of("reports");
            List<Experiments.Outcome> outcomes = new ArrayList<>();
            Map<String, Object> each = new LinkedHashMap<>();
            double seconds = 0;
            for (String n : Experiments.names()) {
                Experiments.Outcome r = redraw ? Experiments.redraw(n, dir.resolve(n)) : Experiments.run(n, lab, dir.resolve(n));
                outcomes.add(r);
                seconds += r.seconds();
                print(o, r);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("report", r.report().toString());
                one.put("seconds", round(r.seconds()));
                one.put("cpu_seconds", round(r.cpuSeconds()));
                one.putAll(r.headline());
                each.put(n, one);
            }
            Path index = Experiments.writeIndex(dir, outcomes);
            o.println("index: " + index);
            figures.put("report", index.toString());
            figures.put("seconds", round(seconds));
            figures.put("experiments", each);
        } else {
            Experiments.byName(name);
            Path dir = out != null ? out : Path.of("reports", name);
            Experiments.Outcome r = redraw ? Experiments.redraw(name, dir) : Experiments.run(name, lab, dir);
            print(o, r);
            figures.put("report", r.report().toString());
            figures.put("experiment", name);
            figures.put("seed", seed);
            figures.put("seconds", round(r.seconds()));
            figures.put("cpu_seconds", round(r.cpuSeconds()));
            figures.putAll(r.headline());
        }
        if (json) o.println(Json.write(figures));
        o.flush();
        return 0;
    }

    private static void print(PrintWriter o, Experiments.Outcome r) {
        o.printf("%s (%.1f s, %.1f s CPU): %s%n", r.name(), r.seconds(), r.cpuSeconds(), r.title());
        for (var e : r.headline().entrySet()) o.printf("  %s: %s%n", e.getKey(), Json.write(e.getValue()));
        o.println("  report: " + r.report());
    }

    private static double round(double v) { return Math.round(v * 10) / 10.0; }
}
