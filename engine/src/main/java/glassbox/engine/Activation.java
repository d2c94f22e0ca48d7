package glassbox.engine;

/**
 * A neuron's squashing function σ and its slope σ'(z), which backprop multiplies by.
 * Arrays hold a batch row by row: {@code rows} examples of {@code cols} neurons each; softmax
 * works on a whole row, the others neuron by neuron.
 */
public sealed interface Activation permits Activation.Sigmoid, Activation.Tanh, Activation.Relu,
        Activation.LeakyRelu, Activation.Linear, Activation.Softmax {

    String name();

    /** a = σ(z), for n = rows * cols values. */
    void apply(float[] z, float[] a, int rows, int cols);

    /** dz = da ⊙ σ'(z) (softmax: the Jacobian times da, row by row). dz may be da. */
    void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols);

    /** The activation a single neuron applies, for scalar uses (lessons, plots); softmax has none. */
    default float apply(float z) {
        float[] a = new float[1];
        apply(new float[] {z}, a, 1, 1);
        return a[0];
    }

    /** σ(z) = 1 / (1 + e^-z);  σ'(z) = σ(z)(1 - σ(z)). */
    record Sigmoid() implements Activation {
        public String name() { return "sigmoid"; }
        public void apply(float[] z, float[] a, int rows, int cols) {
            Kernels.sigmoid(z, a, rows * cols);
        }
        public void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols) {
            for (int i = 0, n = rows * cols; i < n; i++) dz[i] = da[i] * a[i] * (1f - a[i]);
        }
    }

    /** tanh(z);  tanh'(z) = 1 - tanh(z)². */
    record Tanh() implements Activation {
        public String name() { return "tanh"; }
        public void apply(float[] z, float[] a, int rows, int cols) {
            for (int i = 0, n = rows * cols; i < n; i++) a[i] = (float) Math.tanh(z[i]);
        }
        public void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols) {
            for (int i = 0, n = rows * cols; i < n; i++) dz[i] = da[i] * (1f - a[i] * a[i]);
        }
    }

    /** max(0, z); slope 1 for z > 0, else 0. */
    record Relu() implements Activation {
        public String name() { return "relu"; }
        public void apply(float[] z, float[] a, int rows, int cols) { Kernels.relu(z, a, rows * cols); }
        public void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols) { Kernels.reluBackward(z, da, dz, rows * cols); }
    }

    /** z for z > 0, else slope·z (slope 0.01 by default), so a neuron never dies completely. */
    record LeakyRelu(float slope) implements Activation {
        public LeakyRelu() { this(0.01f); }
        public String name() { return "leakyrelu"; }
        public void apply(float[] z, float[] a, int rows, int cols) {
            for (int i = 0, n = rows * cols; i < n; i++) a[i] = z[i] > 0f ? z[i] : slope * z[i];
        }
        public void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols) {
            for (int i = 0, n = rows * cols; i < n; i++) dz[i] = z[i] > 0f ? da[i] : slope * da[i];
        }
    }

    /** The identity: a = z, slope 1 (regression outputs, the lessons' y = w x + b). */
    record Linear() implements Activation {
        public String name() { return "linear"; }
        public void apply(float[] z, float[] a, int rows, int cols) {
            if (a != z) System.arraycopy(z, 0, a, 0, rows * cols);
        }
        public void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols) {
            if (dz != da) System.arraycopy(da, 0, dz, 0, rows * cols);
        }
    }

    /** a_j = e^{z_j} / Σ_k e^{z_k} over a row (shifted by the row's max for safety);  dz = a ⊙ (da - (da·a)). */
    record Softmax() implements Activation {
        public String name() { return "softmax"; }
        public void apply(float[] z, float[] a, int rows, int cols) {
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) max = Math.max(max, z[o + j]);
                float sum = 0f;
                for (int j = 0; j < cols; j++) { a[o + j] = (float) Math.exp(z[o + j] - max); sum += a[o + j]; }
                float inv = 1f / sum;
                for (int j = 0; j < cols; j++) a[o + j] *= inv;
            }
        }
        public void backprop(float[] z, float[] a, float[] da, float[] dz, int rows, int cols) {
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                float dot = 0f;
                for (int j = 0; j < cols; j++) dot += da[o + j] * a[o + j];
                for (int j = 0; j < cols; j++) dz[o + j] = a[o + j] * (da[o + j] - dot);
            }
        }
    }

    /** sigmoid, tanh, relu, leakyrelu (or leakyrelu:0.1), linear, softmax. */
    static Activation parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("leakyrelu:") || n.startsWith("leaky_relu:")) {
            try { return new LeakyRelu(Float.parseFloat(n.substring(n.indexOf(':') + 1))); }
            catch (NumberFormatException e) { throw new BadInputException("leaky ReLU's slope must be a number, as in leakyrelu:0.01."); }
        }
        return switch (n) {
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "relu" -> new Relu();
            case "leakyrelu", "leaky_relu", "leaky-relu" -> new LeakyRelu();
            case "linear", "identity", "none" -> new Linear();
            case "softmax" -> new Softmax();
            default -> throw new BadInputException("unknown activation '" + name + "': use sigmoid, tanh, relu, leakyrelu, linear or softmax.");
        };
    }

    /** The name that {@link #parse} reads back (leaky ReLU keeps its slope when it is not 0.01). */
    static String spec(Activation a) {
        return a instanceof LeakyRelu l && l.slope() != 0.01f ? "leakyrelu:" + l.slope() : a.name();
    }
}
