package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.Evaluation;
import glassbox.engine.Json;
import glassbox.engine.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", description = "Score a trained model on a test set: accuracy, per-class accuracy, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "model file (.gbx)") Path model;
    @Option(names = "--data", description = "mnist, fashion, or a folder with the IDX files (default: ${DEFAULT-VALUE})", defaultValue = "mnist") String data;
    @Option(names = "--json", description = "end with one JSON object of the figures") boolean json;

    @Override public Integer call() {
        ModelFile.Model m = ModelFile.load(model);
        long t0 = System.nanoTime();
        Evaluation e = Evaluation.of(m.network(), Mnist.loadTest(data));
        double seconds = (System.nanoTime() - t0) / 1e9;
        var o = spec.commandLine().getOut();
        o.printf("%s on %s: %.2f%% of %,d test images right (%d wrong)%n", m.network(), data, 100 * e.accuracy(), e.images(), e.images() - e.correct());
        double[] per = e.perClass();
        o.println("per class:  " + joined(per));
        o.println("confusion matrix (rows: true digit, columns: answer)");
        o.print("      ");
        for (int c = 0; c < per.length; c++) o.printf("%6d", c);
        o.println();
        for (int r = 0; r < per.length; r++) {
            o.printf("%6d", r);
            for (int c = 0; c < per.length; c++) o.printf("%6d", e.confusion()[r][c]);
            o.println();
        }
        if (json) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("test_accuracy", e.accuracy());
            f.put("per_class", per);
            f.put("confusion", e.confusion());
            f.put("images", e.images());
            f.put("mean_cost", e.meanCost());
            f.put("seconds", seconds);
            f.put("network", m.network().toString());
            o.println(Json.write(f));
        }
        o.flush();
        return 0;
    }

    private static String joined(double[] per) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < per.length; c++) s.append(String.format("%d: %.2f%%  ", c, 100 * per[c]));
        return s.toString().trim();
    }
}
