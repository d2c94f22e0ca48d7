package glassbox.engine;

/**
 * How wrong the output a is for the wanted y, and the output error δ = ∂C/∂z that starts backprop.
 * Arrays hold a batch row by row ({@code rows} examples of {@code cols} outputs); costs are summed over
 * the batch, the caller averages.
 */
public sealed interface Cost permits Cost.Quadratic, Cost.CrossEntropy, Cost.SoftmaxLogLikelihood {

    String name();

    /** Σ over the batch of C(a, y). */
    double cost(float[] a, float[] y, int rows, int cols);

    /** δ = ∂C/∂z for the output layer, given its z, a = σ(z) and activation σ. */
    void delta(float[] z, float[] a, float[] y, float[] delta, Activation sigma, int rows, int cols);

    /** The output activation this cost is meant for when none is named (softmax for log-likelihood). */
    Activation defaultOutput();

    /** C = ½‖a − y‖²;  δ = (a − y) ⊙ σ'(z). The videos' cost. */
    record Quadratic() implements Cost {
        public String name() { return "quadratic"; }
        public Activation defaultOutput() { return new Activation.Sigmoid(); }
        public double cost(float[] a, float[] y, int rows, int cols) {
            double c = 0;
            for (int i = 0, n = rows * cols; i < n; i++) { double d = a[i] - y[i]; c += d * d; }
            return 0.5 * c;
        }
        public void delta(float[] z, float[] a, float[] y, float[] delta, Activation sigma, int rows, int cols) {
            for (int i = 0, n = rows * cols; i < n; i++) delta[i] = a[i] - y[i];
            sigma.backprop(z, a, delta, delta, rows, cols);
        }
    }

    /**
     * C = −Σ_j [y ln a + (1 − y) ln(1 − a)]. With sigmoid outputs δ = a − y: the σ'(z) that slows the
     * quadratic cost cancels (Nielsen, chapter 3). With another activation, ∂C/∂a = (a − y)/(a(1 − a)).
     */
    record CrossEntropy() implements Cost {
        public String name() { return "crossentropy"; }
        public Activation defaultOutput() { return new Activation.Sigmoid(); }
        public double cost(float[] a, float[] y, int rows, int cols) {
            double c = 0;
            for (int i = 0, n = rows * cols; i < n; i++) {
                double ai = Math.min(Math.max(a[i], 1e-12), 1 - 1e-7);
                c -= y[i] * Math.log(ai) + (1 - y[i]) * Math.log(1 - ai);
            }
            return c;
        }
        public void delta(float[] z, float[] a, float[] y, float[] delta, Activation sigma, int rows, int cols) {
            if (sigma instanceof Activation.Sigmoid) {
                for (int i = 0, n = rows * cols; i < n; i++) delta[i] = a[i] - y[i];
                return;
            }
            for (int i = 0, n = rows * cols; i < n; i++) {
                float ai = Math.min(Math.max(a[i], 1e-7f), 1 - 1e-7f);
                delta[i] = (a[i] - y[i]) / (ai * (1 - ai));
            }
            sigma.backprop(z, a, delta, delta, rows, cols);
        }
    }

    /** Softmax outputs and C = −ln a_y (negative log-likelihood);  δ = a − y. */
    record SoftmaxLogLikelihood() implements Cost {
        public String name() { return "softmax"; }
        public Activation defaultOutput() { return new Activation.Softmax(); }
        public double cost(float[] a, float[] y, int rows, int cols) {
            double c = 0;
            for (int i = 0, n = rows * cols; i < n; i++) if (y[i] != 0f) c -= y[i] * Math.log(Math.max(a[i], 1e-30));
            return c;
        }
        public void delta(float[] z, float[] a, float[] y, float[] delta, Activation sigma, int rows, int cols) {
            if (sigma instanceof Activation.Softmax) {
                for (int i = 0, n = rows * cols; i < n; i++) delta[i] = a[i] - y[i];
                return;
            }
            for (int i = 0, n = rows * cols; i < n; i++) delta[i] = y[i] == 0f ? 0f : -y[i] / Math.max(a[i], 1e-30f);
            sigma.backprop(z, a, delta, delta, rows, cols);
        }
    }

    /** quadratic, crossentropy (or cross-entropy), softmax (or nll, log-likelihood). */
    static Cost parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "quadratic", "mse" -> new Quadratic();
            case "crossentropy", "cross-entropy", "ce" -> new CrossEntropy();
            case "softmax", "nll", "log-likelihood", "loglikelihood" -> new SoftmaxLogLikelihood();
            default -> throw new BadInputException("unknown cost '" + name + "': use quadratic, crossentropy or softmax.");
        };
    }
}
