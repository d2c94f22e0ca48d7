package glassbox.app;

import glassbox.data.DigitImage;
import glassbox.engine.Json;
import glassbox.engine.Kernels;
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

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Read the digit in a picture (PNG, JPEG, ... of any size) with a trained model.")
final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "model file (.gbx): a network or a committee") Path model;
    @Parameters(index = "1", description = "image file; dark ink on light paper is inverted, then made MNIST-like") Path image;
    @Option(names = "--json", description = "end with one JSON object: digit and probabilities") boolean json;

    @Override public Integer call() {
        ModelFile.Model m = ModelFile.load(model);
        float[] pixels = DigitImage.fromFile(image);
        float[] out = m.classifier().predict(pixels);
        float[] p = probabilities(out);
        int digit = Kernels.argmax(p, 0, p.length);
        var o = spec.commandLine().getOut();
        o.printf("%s: %d (%.1f%%)%n", image, digit, 100 * p[digit]);
        for (int d = 0; d < p.length; d++) o.printf("  %d %5.1f%% %s%n", d, 100 * p[d], "#".repeat(Math.round(30 * p[d])));
        if (json) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("digit", digit);
            f.put("probabilities", p);
            f.put("outputs", out);
            o.println(Json.write(f));
        }
        o.flush();
        return 0;
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
