package glassbox.app;

import glassbox.data.DigitImage;
import glassbox.data.ImageFolder;
import glassbox.engine.BadInputException;
import glassbox.engine.Classifier;
import glassbox.engine.Json;
import glassbox.engine.Kernels;
import glassbox.engine.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Read the digit in pictures (PNG, JPEG, ... of any size) with a trained model: one line per picture.")
final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "model file (.gbx): a network or a committee") Path model;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE",
            description = "image files or folders of them (read in name order, subfolders too); a 28x28 digit is read as it is, "
                    + "any other picture made MNIST-like (dark ink on light paper is inverted)")
    List<Path> images;
    @Option(names = "--json", description = "one JSON object per picture (JSON Lines): file, digit, probabilities") boolean json;

    /**
     * Reads every picture it can: a picture it cannot read (damaged, blank, not a picture) gets one
     * sentence on stderr and the others are still read; the exit status is then 2.
     */
    @Override public Integer call() {
        ModelFile.Model m = ModelFile.load(model);
        List<Path> files = new ArrayList<>();
        for (Path p : images) {
            if (!Files.isDirectory(p)) { files.add(p); continue; }
            List<Path> inside = ImageFolder.pictures(p);
            if (inside.isEmpty()) throw new BadInputException("folder " + p + " holds no pictures (" + String.join(", ", ImageFolder.EXTENSIONS) + ").");
            files.addAll(inside);
        }
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        int failed = 0;
        for (Path file : files) {
            float[] pixels;
            try { pixels = DigitImage.fromFile(file); }
            catch (BadInputException e) {
                if (files.size() == 1) throw e;
                err.println("glassbox: " + e.getMessage());
                err.flush();
                failed++;
                continue;
            }
            print(o, file, m.classifier(), pixels, files.size() == 1);
        }
        o.flush();
        return failed == 0 ? 0 : 2;
    }

    /** "file: digit (p%)", with a bar per digit when there is one picture; or one JSON line. */
    private void print(PrintWriter o, Path file, Classifier classifier, float[] pixels, boolean bars) {
        float[] out = classifier.predict(pixels);
        float[] p = probabilities(out);
        int digit = Kernels.argmax(p, 0, p.length);
        if (json) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", file.toString());
            f.put("digit", digit);
            f.put("probabilities", p);
            f.put("outputs", out);
            o.println(Json.write(f));
            return;
        }
        o.printf("%s: %d (%.1f%%)%n", file, digit, 100 * p[digit]);
        if (bars) for (int d = 0; d < p.length; d++) o.printf("  %d %5.1f%% %s%n", d, 100 * p[d], "#".repeat(Math.round(30 * p[d])));
    }

    /** Softmax outputs already sum to 1; sigmoid outputs are normalised so they can be read as shares. */
    static float[] probabilities(float[] out) {
        float sum = 0;
        for (float v : out) sum += v;
        float[] p = new float[out.length];
        for (int i = 0; i < p.length; i++) p[i] = sum > 0 ? out[i] / sum : 1f / p.length;
        return p;
    }
}
