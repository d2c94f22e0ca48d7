package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Initializer;
import glassbox.engine.Json;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Regularization;
import glassbox.engine.Schedule;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingSettings;
import glassbox.engine.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a network on MNIST (or Fashion-MNIST, or a folder of IDX files) and save it.")
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--layers", description = "layer sizes, input first (default: ${DEFAULT-VALUE})", defaultValue = "784,16,16,10")
    String layers;
    @Option(names = "--arch", description = "layer chain instead of --layers, e.g. fc128-fc10 (see README for the grammar)")
    String arch;
    @Option(names = "--activation", description = "hidden-layer activation: sigmoid, tanh, relu, leakyrelu, linear (default: sigmoid with --layers, relu with --arch)")
    String activation;
    @Option(names = "--output-activation", description = "output activation (default: sigmoid, or softmax with --cost softmax)")
    String outputActivation;
    @Option(names = "--cost", description = "quadratic, crossentropy or softmax (default: ${DEFAULT-VALUE})", defaultValue = "quadratic")
    String cost;
    @Option(names = "--init", description = "weight initialiser: normal (N(0,1)), scaled (N(0,1/n_in)), xavier, he (default: normal with --layers, he with --arch)")
    String init;
    @Option(names = "--optimizer", description = "sgd, momentum or adam (default: ${DEFAULT-VALUE})", defaultValue = "sgd")
    String optimizer;
    @Option(names = "--momentum", description = "momentum coefficient mu (default: ${DEFAULT-VALUE})", defaultValue = "0.9")
    float momentum;
    @Option(names = "--epochs", description = "passes over the training data (default: ${DEFAULT-VALUE})", defaultValue = "30")
    int epochs;
    @Option(names = "--batch", description = "mini-batch size (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int batch;
    @Option(names = "--lr", description = "learning rate eta (default: ${DEFAULT-VALUE})", defaultValue = "3.0")
    float lr;
    @Option(names = "--schedule", description = "learning-rate schedule: constant, cosine, step, step:EVERY:GAMMA, exp:GAMMA (eta*GAMMA^epoch, 0 < GAMMA <= 1; default: ${DEFAULT-VALUE})", defaultValue = "constant")
    String schedule;
    @Option(names = "--l2", description = "L2 regularisation lambda (cost + lambda/2n sum w^2; default: 0)", defaultValue = "0")
    float l2;
    @Option(names = "--l1", description = "L1 regularisation lambda (cost + lambda/n sum |w|; default: 0)", defaultValue = "0")
    float l1;
    @Option(names = "--ema", description = "evaluate and save a moving average of the weights, updated after every step with this decay, e.g. 0.999 (0 = off; default: ${DEFAULT-VALUE})", defaultValue = "0")
    float ema;
    @Option(names = "--validation", description = "fraction of the training data held out for validation (default: ${DEFAULT-VALUE})", defaultValue = "0")
    float validation;
    @Option(names = "--patience", description = "early stopping: epochs without a better validation accuracy (0 = off; default: ${DEFAULT-VALUE})", defaultValue = "0")
    int patience;
    @Option(names = "--augment", description = "distort training images on the fly: none, or a list like shift:2,rotate:10,scale:0.1,elastic (default: ${DEFAULT-VALUE})", defaultValue = "none")
    String augment;
    @Option(names = "--seed", description = "random seed: the same seed gives the same network (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;
    @Option(names = "--data", description = "mnist, fashion, or a folder with the four IDX files (default: ${DEFAULT-VALUE})", defaultValue = "mnist")
    String data;
    @Option(names = "--out", description = "where to save the model (.gbx); nothing is saved without it")
    Path out;
    @Option(names = "--json", description = "end with one JSON object of the figures")
    boolean json;
    @Option(names = "--progress", description = "draw the live progress bar even when stderr is not a terminal")
    boolean progress;

    @Override public Integer call() throws Exception {
        checkLambda("--l2", l2);
        checkLambda("--l1", l1);
        if (l1 > 0 && l2 > 0) throw new BadInputException("choose --l1 or --l2, not both.");
        Cost c = Cost.parse(cost);
        // The videos' MLP defaults (sigmoid, N(0,1)) would cripple a CNN: a layer chain defaults to ReLU and He.
        Activation hidden = Activation.parse(activation != null ? activation : arch != null ? "relu" : "sigmoid");
        Activation output = outputActivation == null ? c.defaultOutput() : Activation.parse(outputActivation);
        if (c instanceof Cost.SoftmaxLogLikelihood && !(output instanceof Activation.Softmax))
            throw new BadInputException("--cost softmax needs a softmax output layer; leave --output-activation out.");
        Regularization reg = l2 > 0 ? Regularization.l2(l2) : l1 > 0 ? Regularization.l1(l1) : Regularization.NONE;
        TrainingSettings settings = new TrainingSettings(epochs, batch, lr, Optimizer.parse(optimizer, momentum), reg,
                Schedule.parse(schedule), seed, validation, patience, Augmentations.parse(augment), ema);
        Initializer initializer = Initializer.parse(init != null ? init : arch != null ? "he" : "normal");
        if (out != null) checkWritable(out);
        // Every data source is 28x28 (Mnist.read refuses others): the network is sized, and refused if too large, before loading.
        Architecture a = new Architecture(arch != null ? arch : layers, Mnist.SHAPE, hidden, output, c);
        Network net = create(a, initializer, settings);

        var err = spec.commandLine().getErr();
        err.println("loading " + data + " ...");
        Mnist.Split split;
        try (WarmUp jit = WarmUp.start(net, settings)) {   // the JIT compiles the kernels on a copy while the data loads
            split = Mnist.load(data);
        }
        err.printf("training %s (%,d parameters), %s, %s, %d epochs of batch %d, lr %s%n", net, net.parameterCount(), c.name(),
                settings.optimizer().name(), epochs, batch, lr);
        Trainer.Result r = Trainer.train(net, split.training(), split.test(), settings, new Progress(err, progress || Progress.terminal()));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("test_accuracy", r.testAccuracy());
        figures.put("epochs", r.epochs());
        figures.put("train_seconds", round(r.trainSeconds()));
        figures.put("seconds_per_epoch", round(r.trainSeconds() / Math.max(1, r.epochs())));
        figures.put("parameters", net.parameterCount());
        figures.put("model", out == null ? null : out.toString());
        figures.put("network", net.toString());
        figures.put("stop", r.stopReason());
        List<Double> curve = new ArrayList<>();
        for (var e : r.history()) curve.add(e.testAccuracy());
        figures.put("test_accuracy_per_epoch", curve);
        List<Double> epochSeconds = new ArrayList<>();
        for (var e : r.history()) epochSeconds.add(round(e.seconds()));
        figures.put("epoch_seconds", epochSeconds);
        if (out != null) {
            Map<String, Object> provenance = ModelFile.provenance(Main.typed(spec), data, seed, initializer.id, settings, r.epochs(), r.testAccuracy());
            provenance.putAll(Map.of("augment", augment, "train_seconds", round(r.trainSeconds())));
            try { ModelFile.save(net, provenance, out); }
            catch (java.io.IOException e) { throw new BadInputException("cannot save the model to " + out + " (" + e.getMessage() + "); any file there is unchanged."); }
            err.println("saved " + out);
        }
        var o = spec.commandLine().getOut();
        o.printf("test accuracy %.2f%% after %d epochs, %.2f s training (%.3f s/epoch)%n", 100 * r.testAccuracy(), r.epochs(),
                r.trainSeconds(), r.trainSeconds() / Math.max(1, r.epochs()));
        if (json) o.println(Json.write(figures));
        o.flush();
        return 0;
    }

    static double round(double v) { return Math.round(v * 1e4) / 1e4; }

    private static void checkLambda(String flag, float lambda) {
        if (!(lambda >= 0) || Float.isInfinite(lambda)) throw new BadInputException(flag + " must be a number 0 or more, not " + lambda + ".");
    }

    /**
     * --out is checked before training, so a run is not lost at the end: a .gbx path, not a folder, in a
     * folder that exists (or can be made) and where a file can be created (tried, then removed).
     */
    static void checkWritable(Path out) {
        if (out.getFileName() == null || !out.getFileName().toString().endsWith(".gbx"))
            throw new BadInputException("--out should name a .gbx file, not " + out + ".");
        if (Files.isDirectory(out)) throw new BadInputException("--out " + out + " is a folder; name a .gbx file.");
        if (Files.exists(out) && !Files.isWritable(out)) throw new BadInputException("--out " + out + " exists and cannot be written.");
        Path dir = out.toAbsolutePath().getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null || !Files.isDirectory(existing))
            throw new BadInputException("--out " + out + " cannot be written: " + existing + " is a file, not a folder.");
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, "." + out.getFileName(), ".probe");
            Files.delete(probe);
        } catch (java.io.IOException | SecurityException e) {
            throw new BadInputException("--out " + out + " cannot be written (" + e.getMessage() + "); choose another path before training.");
        }
    }

    /**
     * The network, if it fits: each parameter needs its value and gradient, plus the optimiser's velocities
     * (momentum one, Adam two) and, with a validation split or a moving average, a copy of the network for each
     * (value and gradient again); MNIST itself takes about 250 MB.
     */
    private static Network create(Architecture a, Initializer initializer, TrainingSettings settings) {
        long perParameter = 4L * (2 + optimizerSlots(settings.optimizer()) + (settings.validation() > 0 ? 2 : 0) + (settings.ema() > 0 ? 2 : 0));
        Runtime rt = Runtime.getRuntime();
        try {
            try {
                return Network.create(a, initializer, settings.seed(), Math.max(0, (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - 250_000_000L) / perParameter));
            } catch (Architecture.TooLarge first) {   // "in use" counted garbage not yet collected: collect it and ask once more
                System.gc();
                return Network.create(a, initializer, settings.seed(), Math.max(0, (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - 250_000_000L) / perParameter));
            }
        } catch (Architecture.TooLarge e) {
            throw new BadInputException("training " + a + " (" + String.format("%,d", e.needed) + " parameters) needs about "
                    + Architecture.gigabytes(e.needed * perParameter) + " with gradients and optimiser state, but this Java may use "
                    + Architecture.gigabytes(rt.maxMemory()) + " in all: use smaller layers or a larger heap (GLASSBOX_JAVA_OPTS=-Xmx...).");
        }
    }

    private static int optimizerSlots(Optimizer o) {
        return switch (o) {
            case Optimizer.Sgd s -> 0;
            case Optimizer.Momentum m -> 1;
            case Optimizer.Adam a -> 2;
        };
    }
}
