package glassbox.engine;

import java.util.Random;

/**
 * How a fresh network's weights are drawn, given the number of inputs each neuron has (fan-in) and
 * outputs (fan-out). Biases start at N(0,1) for the book's default and at 0 otherwise.
 */
public enum Initializer {
    /** w ~ N(0, 1), b ~ N(0, 1): the videos' and Nielsen's network.py default. */
    NORMAL("normal"),
    /** w ~ N(0, 1/n_in), b ~ N(0, 1): Nielsen's network2.py, so z does not saturate σ. */
    SCALED("scaled"),
    /** Glorot & Bengio 2010: w ~ U(±√(6/(n_in + n_out))), b = 0. */
    XAVIER("xavier"),
    /** He et al. 2015, for ReLU: w ~ N(0, 2/n_in), b = 0. */
    HE("he");

    public final String id;

    Initializer(String id) { this.id = id; }

    public float weight(Random random, int fanIn, int fanOut) {
        return switch (this) {
            case NORMAL -> (float) random.nextGaussian();
            case SCALED -> (float) (random.nextGaussian() / Math.sqrt(fanIn));
            case XAVIER -> (float) ((random.nextDouble() * 2 - 1) * Math.sqrt(6.0 / (fanIn + fanOut)));
            case HE -> (float) (random.nextGaussian() * Math.sqrt(2.0 / fanIn));
        };
    }

    public float bias(Random random) {
        return this == NORMAL || this == SCALED ? (float) random.nextGaussian() : 0f;
    }

    /** normal (or n01), scaled (or n01/n, normal-scaled), xavier (or glorot), he. */
    public static Initializer parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "normal", "n01", "gaussian", "randn" -> NORMAL;
            case "scaled", "normal-scaled", "n01/n", "lecun" -> SCALED;
            case "xavier", "glorot" -> XAVIER;
            case "he", "kaiming" -> HE;
            default -> throw new BadInputException("unknown initialiser '" + name + "': use normal, scaled, xavier or he.");
        };
    }
}
