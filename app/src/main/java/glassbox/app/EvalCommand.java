package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.BadInputException;
import glassbox.engine.Classifier;
import glassbox.engine.Committee;
import glassbox.engine.Dataset;
import glassbox.engine.Evaluation;
import glassbox.engine.Network;
import glassbox.engine.Json;
import glassbox.engine.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a trained model on a test set: accuracy, per-class accuracy, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(arity = "1..*", description = "model file (.gbx); several files are also scored as a committee that averages their outputs")
    List<Path> models;
    @Option(names = "--save-committee", description = "with several models: save their committee as one model file (.gbx)") Path saveCommittee;
    @Option(names = "--data", description = "mnist, fashion, or a folder with the IDX files (default: ${DEFAULT-VALUE})", defaultValue = "mnist") String data;
    @Option(names = "--json", description = "end with one JSON object of the figures") boolean json;

    @Override public Integer call() throws java.io.IOException {
        var o = spec.commandLine().getOut();
        Dataset test = Mnist.loadTest(data);
        List<ModelFile.Model> loaded = new ArrayList<>();
        for (Path p : models) loaded.add(ModelFile.load(p));
        Classifier model = loaded.getFirst().classifier();
        List<Double> memberAccuracies = new ArrayList<>();
        if (loaded.size() > 1) {
            List<Network> members = new ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                Classifier c = loaded.get(i).classifier();
                if (c instanceof Committee com) members.addAll(com.members); else members.add((Network) c);
                double a = Evaluation.of(c, test).accuracy();
                memberAccuracies.add(a);
                o.printf("member %s: %.2f%%%n", models.get(i), 100 * a);
            }
            model = new Committee(members);
        } else if (saveCommittee != null) throw new BadInputException("--save-committee needs two or more model files.");
        long t0 = System.nanoTime();
        Evaluation e = Evaluation.of(model, test);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (saveCommittee != null) {
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("members", models.stream().map(Path::toString).toList());
            List<Object> memberProvenance = new ArrayList<>();
            for (ModelFile.Model m : loaded) memberProvenance.add(m.provenance());
            provenance.put("member_provenance", memberProvenance);
            provenance.put("member_accuracies", memberAccuracies);
            provenance.put("test_accuracy", e.accuracy());
            provenance.put("created", java.time.Instant.now().toString());
            provenance.put("command", Main.typed(spec));
            ModelFile.save((Committee) model, provenance, saveCommittee);
            o.println("saved " + saveCommittee);
        }
        o.printf("%s on %s: %.2f%% of %,d test images right (%d wrong)%n", model, data, 100 * e.accuracy(), e.images(), e.images() - e.correct());
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
            f.put("network", model.toString());
            if (!memberAccuracies.isEmpty()) f.put("member_accuracies", memberAccuracies);
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
