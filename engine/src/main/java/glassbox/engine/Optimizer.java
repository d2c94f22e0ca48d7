package glassbox.engine;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a step follows the gradient. Each step sees g = (1/m) Σ_batch ∂C/∂w plus the regulariser's
 * pull (λ/n)·w for L2 or (λ/n)·sign(w) for L1, n the training-set size, as in Nielsen's chapter 3.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Momentum, Optimizer.Adam {

    String name();

    /** Moves every trained param one step, given the learning rate η and the batch size m. */
    void step(List<Param> params, float learningRate, int batchSize, Regularization reg, int trainingSize);

    /** Forgets any per-parameter state (velocity, moments). */
    default void reset() {}

    /** g for element i: the mean gradient plus the regulariser's pull. */
    static float gradient(Param p, int i, float invBatch, Regularization reg, int n) {
        float g = p.grad()[i] * invBatch;
        return p.decays() ? g + reg.pull(p.value()[i], n) : g;
    }

    /** w ← w − η g: plain mini-batch gradient descent, the videos' "step downhill". */
    record Sgd() implements Optimizer {
        public String name() { return "sgd"; }
        public void step(List<Param> params, float lr, int m, Regularization reg, int n) {
            float inv = 1f / m;
            for (Param p : params) {
                if (!p.trained()) continue;
                float[] w = p.value();
                if (p.decays() && reg.kind() == Regularization.Kind.L2) {
                    float shrink = 1f - lr * reg.lambda() / n;      // w ← (1 − ηλ/n) w − (η/m) Σ∂C/∂w, Nielsen's weight decay
                    for (int i = 0; i < w.length; i++) w[i] *= shrink;
                } else if (p.decays() && reg.kind() == Regularization.Kind.L1) {
                    float pull = lr * reg.lambda() / n;
                    for (int i = 0; i < w.length; i++) w[i] -= pull * Math.signum(w[i]);
                }
                Kernels.axpy(w, -lr * inv, p.grad(), w.length);
            }
        }
    }

    /** v ← μ v − η g;  w ← w + v: the ball that keeps rolling (Polyak 1964). */
    final class Momentum implements Optimizer {
        public final float mu;
        private final Map<Param, float[]> velocity = new IdentityHashMap<>();

        public Momentum(float mu) {
            if (!(mu >= 0 && mu < 1)) throw new BadInputException("momentum must be in [0, 1), not " + mu + ".");
            this.mu = mu;
        }
        public String name() { return "momentum"; }
        public void reset() { velocity.clear(); }
        public void step(List<Param> params, float lr, int m, Regularization reg, int n) {
            float inv = 1f / m;
            for (Param p : params) {
                if (!p.trained()) continue;
                float[] w = p.value(), v = velocity.computeIfAbsent(p, k -> new float[k.size()]);
                if (p.decays() && reg.kind() == Regularization.Kind.L1) {
                    for (int i = 0; i < w.length; i++) {
                        v[i] = mu * v[i] - lr * gradient(p, i, inv, reg, n);
                        w[i] += v[i];
                    }
                } else {   // no pull, or L2's (λ/n)·w: one vector loop
                    Kernels.momentumStep(w, v, p.grad(), w.length, mu, lr, inv, p.decays() && reg.kind() == Regularization.Kind.L2 ? reg.lambda() / n : 0f);
                }
            }
        }
    }

    /** Adam (Kingma & Ba 2015): steps scaled by running estimates of the gradient's mean and variance. */
    final class Adam implements Optimizer {
        public final float beta1, beta2, epsilon;
        private final Map<Param, float[][]> moments = new IdentityHashMap<>();
        private int t;

        public Adam() { this(0.9f, 0.999f, 1e-8f); }
        public Adam(float beta1, float beta2, float epsilon) { this.beta1 = beta1; this.beta2 = beta2; this.epsilon = epsilon; }
        public String name() { return "adam"; }
        public void reset() { moments.clear(); t = 0; }
        public void step(List<Param> params, float lr, int m, Regularization reg, int n) {
            t++;
            float inv = 1f / m;
            float c1 = 1f / (1f - (float) Math.pow(beta1, t)), c2 = 1f / (1f - (float) Math.pow(beta2, t));
            for (Param p : params) {
                if (!p.trained()) continue;
                float[][] mv = moments.computeIfAbsent(p, k -> new float[][] {new float[k.size()], new float[k.size()]});
                float[] w = p.value(), m1 = mv[0], m2 = mv[1];
                for (int i = 0; i < w.length; i++) {
                    float g = gradient(p, i, inv, reg, n);
                    m1[i] = beta1 * m1[i] + (1 - beta1) * g;
                    m2[i] = beta2 * m2[i] + (1 - beta2) * g * g;
                    w[i] -= lr * (m1[i] * c1) / ((float) Math.sqrt(m2[i] * c2) + epsilon);
                }
            }
        }
    }

    /** sgd, momentum (with its μ), adam. */
    static Optimizer parse(String name, float momentum) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new Sgd();
            case "momentum" -> new Momentum(momentum);
            case "adam" -> new Adam();
            default -> throw new BadInputException("unknown optimizer '" + name + "': use sgd, momentum or adam.");
        };
    }
}
