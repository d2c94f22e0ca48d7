package glassbox.lab;

import glassbox.data.Home;
import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Evaluation;
import glassbox.engine.Initializer;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingListener;
import glassbox.engine.TrainingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every experiment needs: the seed, whether to run small ({@code quick}: tiny data and epochs, for
 * tests), MNIST (loaded once per JVM), the shipped models, a way to train what is missing, and a
 * progress line on stderr (or wherever the caller sends it).
 */
public final class ExperimentContext {
    /** With quick, experiments use this many test images and this many training images. */
    public static final int QUICK_TEST = 1000, QUICK_TRAINING = 3000;

    public final long seed;
    public final boolean quick;
    private final Consumer<String> progress;
    private static Mnist.Split mnist;

    public ExperimentContext(long seed, boolean quick, Consumer<String> progress) {
        this.seed = seed;
        this.quick = quick;
        this.progress = progress;
    }

    public void log(String format, Object... args) { progress.accept(String.format(Locale.ROOT, format, args)); }

    private static synchronized Mnist.Split mnist() {
        if (mnist == null) mnist = Mnist.load("mnist");
        return mnist;
    }

    /** The MNIST test set (the first 1,000 images with quick). */
    public Dataset test() {
        Dataset t = mnist().test();
        return quick ? t.slice(0, QUICK_TEST) : t;
    }

    /** The MNIST training set (the first 3,000 images with quick). */
    public Dataset training() {
        Dataset t = mnist().training();
        return quick ? t.slice(0, QUICK_TRAINING) : t;
    }

    /** A model and where it came from ("shipped models/mlp-30.gbx" or "trained here ..."), with its test accuracy. */
    public record Model(String name, Network network, String source, double testAccuracy) {}

    /** Where a shipped model file is: $GLASSBOX_HOME/models, then models/ here or in a parent folder. */
    public static Optional<Path> findModel(String file) { return Home.find("models/" + file).filter(Files::isRegularFile); }

    /**
     * The shipped sigmoid MLP {@code name} (e.g. mlp-16-16 for 784-16-16-10) or, when it is missing,
     * the same network trained here with the videos' settings (quadratic cost, η = 3, batch 10).
     */
    public Model mlp(String name, String layers, int epochsIfMissing) {
        Optional<Path> file = findModel(name + ".gbx");
        if (file.isPresent()) {
            Network net = ModelFile.load(file.get()).network();
            double acc = Evaluation.of(net, test()).accuracy();
            log("%s: loaded %s (%.2f%% on %,d test images)", name, file.get(), 100 * acc, test().size());
            return new Model(name, net, "shipped " + file.get().getFileName(), acc);
        }
        int epochs = quick ? 1 : epochsIfMissing;
        log("%s: models/%s.gbx not found, training %s for %d epochs", name, name, layers, epochs);
        long t0 = System.nanoTime();
        Network net = train(layers, new Activation.Sigmoid(), new Cost.Quadratic(), Initializer.NORMAL,
                TrainingSettings.defaults().withEpochs(epochs).withSeed(seed), training(), null, name);
        double seconds = (System.nanoTime() - t0) / 1e9, acc = Evaluation.of(net, test()).accuracy();
        return new Model(name, net, String.format(Locale.ROOT, "trained here (%d epochs, %.0f s)", epochs, seconds), acc);
    }

    /** Trains a network of the given layers and logs each epoch; test may be null. */
    public Network train(String layers, Activation hidden, Cost cost, Initializer init, TrainingSettings settings,
                         Dataset training, Dataset test, String label, TrainingListener... more) {
        Activation output = cost.defaultOutput();
        Network net = Network.create(new Architecture(layers, training.shape(), hidden, output, cost), init, settings.seed());
        TrainingListener[] all = java.util.Arrays.copyOf(more, more.length + 1);
        all[more.length] = epochLogger(label);
        Trainer.train(net, training, test, settings, all);
        return net;
    }

    /** Logs "label: epoch 3/10 0.41 s, test 93.10%" after each epoch. */
    public TrainingListener epochLogger(String label) {
        return new TrainingListener() {
            @Override public void onEpoch(Epoch e) {
                log("%s: epoch %d/%d %.2f s%s", label, e.epoch(), e.epochs(), e.seconds(),
                        Double.isNaN(e.testAccuracy()) ? "" : String.format(Locale.ROOT, ", test %.2f%%", 100 * e.testAccuracy()));
            }
        };
    }

    /** True when this engine builds convolutional layers (the token grammar "conv5x5x8-pool2-..."). */
    public static boolean engineHasConvolutions() {
        try {
            new Architecture("conv5x5x8-pool2-fc10", Mnist.SHAPE, new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood()).build();
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }
}
