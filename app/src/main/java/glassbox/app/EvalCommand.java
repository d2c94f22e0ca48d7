package glassbox.app;

import glassbox.data.ImageFolder;
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
    @Option(names = "--data", description = "mnist, fashion, a folder with the IDX files, or a folder of pictures in folders 0 to 9 (torchvision's ImageFolder) (default: ${DEFAULT-VALUE})", defaultValue = "mnist") String data;
    @Option(names = "--json", description = "end with one JSON object of the figures") boolean json;
    @Option(names = "--members", description = "for a committee: score every network alone and the committee as each joins, and count the committee's mistakes by how many members read them right")
    boolean perMember;

    @Override public Integer call() throws java.io.IOException {
        var o = spec.commandLine().getOut();
        List<ModelFile.Model> loaded = new ArrayList<>();
        for (Path p : models) loaded.add(ModelFile.load(p));
        Dataset test = testSet(data);
        if (test.size() == 0) throw new BadInputException("the test set " + data + " has no images: there is nothing to score.");
        Classifier model = loaded.getFirst().classifier();
        List<Double> memberAccuracies = new ArrayList<>();
        if (loaded.size() > 1) {
            List<Network> members = new ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                Classifier c = loaded.get(i).classifier();
                if (c instanceof Committee com) members.addAll(com.members); else members.add((Network) c);
                if (perMember && saveCommittee == null) continue;   // the member table below scores them
                // scored through a committee, which feeds 32 images at a time: a conv net fed 500 keeps buffers of 500 MB
                double a = Evaluation.of(c instanceof Committee ? c : new Committee(List.of((Network) c)), test).accuracy();
                memberAccuracies.add(a);
                o.printf("member %s: %.2f%%%n", models.get(i), 100 * a);
            }
            model = new Committee(members);
        } else if (saveCommittee != null) throw new BadInputException("--save-committee needs two or more model files.");
        if (perMember && !(model instanceof Committee)) throw new BadInputException("--members needs a committee: a committee file, or several model files.");
        long t0 = System.nanoTime();
        List<Map<String, Object>> memberRows = new ArrayList<>();
        Committee.Votes votes = perMember ? memberTable((Committee) model, test, o, memberRows) : null;
        Map<Integer, Integer> mistakesByRight = votes == null ? null : mistakesByMembersRight((Committee) model, votes, test, o);
        Evaluation e = votes != null ? Evaluation.of(votes.outputs(), test, model.cost()) : Evaluation.of(model, test);
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
            if (votes != null) {
                f.put("members", memberRows);
                f.put("mistakes_by_members_right", mistakesByRight);
            }
            o.println(Json.write(f));
        }
        o.flush();
        return 0;
    }

    /** mnist, fashion, a folder of IDX files, or a folder of pictures in class folders 0..9. */
    static Dataset testSet(String data) {
        Path dir;
        try { dir = Path.of(data); }
        catch (java.nio.file.InvalidPathException e) { throw new BadInputException("--data must be mnist, fashion or a folder; '" + data + "' is none of these."); }
        return ImageFolder.matches(dir) ? ImageFolder.read(dir) : Mnist.loadTest(data);
    }

    /** Prints each member alone and the committee of the first k as they are scored, and adds each as a row for the JSON. */
    private static Committee.Votes memberTable(Committee committee, Dataset test, java.io.PrintWriter o, List<Map<String, Object>> rows) {
        o.println("member   alone   first k together   network");
        return committee.scoreMembers(test, s -> {
            o.printf("%6d  %6.2f%%  %8.2f%%           %s%n", s.index(), 100 * s.alone(), 100 * s.committee(), s.network());
            o.flush();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("network", s.network().toString());
            row.put("accuracy", s.alone());
            row.put("committee_accuracy", s.committee());
            rows.add(row);
        });
    }

    /** For the images the committee gets wrong: how many members alone got each right → how many such images; printed in one line. */
    private static Map<Integer, Integer> mistakesByMembersRight(Committee committee, Committee.Votes votes, Dataset test, java.io.PrintWriter o) {
        Map<Integer, Integer> byRight = new java.util.TreeMap<>();
        int classes = committee.outputSize();
        for (int i = 0; i < test.size(); i++)
            if (glassbox.engine.Kernels.argmax(votes.outputs(), i * classes, classes) != test.labels()[i])
                byRight.merge(votes.membersRight()[i], 1, Integer::sum);
        int mistakes = byRight.values().stream().mapToInt(Integer::intValue).sum();
        List<String> counts = new ArrayList<>();
        byRight.forEach((right, count) -> counts.add(right + ": " + count));
        o.printf("the committee's %d mistakes, by how many of its %d members alone read each right (members: mistakes): %s%n",
                mistakes, committee.members.size(), String.join(", ", counts));
        return byRight;
    }

    private static String joined(double[] per) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < per.length; c++) s.append(String.format("%d: %.2f%%  ", c, 100 * per[c]));
        return s.toString().trim();
    }
}
