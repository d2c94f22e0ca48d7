package glassbox.data;

import glassbox.engine.BadInputException;
import glassbox.engine.Dataset;
import glassbox.engine.Shape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * MNIST-shaped data sets: 28x28 grey images as 784 floats in 0..1 (byte/255) row by row, labels 0..9.
 * {@code mnist} is the copy in the repository (data/mnist), {@code fashion} is Fashion-MNIST from Debian's
 * dataset-fashion-mnist package, and any folder holding the four IDX files (gzipped or not) works too.
 */
public final class Mnist {
    public static final Shape SHAPE = new Shape(1, 28, 28);
    public static final String FASHION_DIR = "/usr/share/datasets/fashion-mnist";

    /** The training and test halves of a data set. */
    public record Split(Dataset training, Dataset test) {}

    private Mnist() {}

    /** Resolves "mnist", "fashion" or a folder, then reads both halves. */
    public static Split load(String source) {
        Path dir = resolve(source);
        return new Split(read(dir, "train", name(source) + " training"), read(dir, "t10k", name(source) + " test"));
    }

    public static Dataset loadTest(String source) {
        return read(resolve(source), "t10k", name(source) + " test");
    }

    public static Dataset loadTraining(String source) {
        return read(resolve(source), "train", name(source) + " training");
    }

    private static String name(String source) { return source == null ? "mnist" : source; }

    /** Where the files of a data source are: the repository's data/mnist, Debian's Fashion-MNIST, or a folder. */
    public static Path resolve(String source) {
        String s = source == null ? "mnist" : source;
        switch (s.toLowerCase(Locale.ROOT)) {
            case "mnist" -> {
                Path p = Home.find("data/mnist").orElse(null);
                if (p == null) throw new BadInputException("cannot find MNIST: run from the Glassbox folder (data/mnist) or set GLASSBOX_HOME.");
                return p;
            }
            case "fashion", "fashion-mnist" -> {
                Path p = Path.of(FASHION_DIR);
                if (!Files.isDirectory(p)) throw new BadInputException("Fashion-MNIST is not installed: run 'apt-get install dataset-fashion-mnist' (it goes to " + FASHION_DIR + ").");
                return p;
            }
            default -> {
                Path p = Path.of(s);
                if (!Files.isDirectory(p)) throw new BadInputException("--data must be mnist, fashion or a folder with the four IDX files; '" + s + "' is none of these.");
                return p;
            }
        }
    }

    /** Bytes this Java may still allocate: the largest heap less what is in use (garbage included). */
    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Reads {prefix}-images-idx3-ubyte[.gz] and {prefix}-labels-idx1-ubyte[.gz] from dir. */
    public static Dataset read(Path dir, String prefix, String name) {
        Idx.Images images = Idx.readImages(find(dir, prefix + "-images-idx3-ubyte"));
        byte[] labels = Idx.readLabels(find(dir, prefix + "-labels-idx1-ubyte"));
        if (images.count() != labels.length)
            throw new BadInputException("in " + dir + ", the " + prefix + " files disagree: " + images.count() + " images but " + labels.length + " labels.");
        if (images.rows() != 28 || images.cols() != 28)
            throw new BadInputException("in " + dir + ", the " + prefix + " images are " + images.rows() + "x" + images.cols() + ", not 28x28.");
        long floats = 4L * images.pixels().length, free = freeHeap();
        if (floats > free) {   // the heap's "used" counts garbage not yet collected: collect it before refusing
            System.gc();
            free = freeHeap();
        }
        if (floats > free)
            throw new BadInputException("in " + dir + ", the " + prefix + " set's " + images.count() + " images need " + glassbox.engine.Architecture.gigabytes(floats)
                    + " as floats but this Java has " + glassbox.engine.Architecture.gigabytes(free) + " free; use fewer images or a larger -Xmx.");
        float[] x = new float[images.pixels().length];
        for (int i = 0; i < x.length; i++) x[i] = (images.pixels()[i] & 0xff) / 255f;
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] & 0xff;
            if (y[i] > 9) throw new BadInputException("in " + dir + ", label " + i + " of the " + prefix + " set is " + y[i] + ", not a digit 0-9.");
        }
        return Dataset.classification(name, x, y, SHAPE, 10);
    }

    private static Path find(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz", base.replace("-idx", ".idx"), base.replace("-idx", ".idx") + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        throw new BadInputException("folder " + dir + " has no " + base + " (or " + base + ".gz).");
    }
}
