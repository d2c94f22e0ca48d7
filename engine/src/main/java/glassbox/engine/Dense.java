package glassbox.engine;

import java.util.List;
import java.util.Random;

/**
 * A fully connected layer: a = σ(W a_prev + b), for a whole batch at once.
 * w_jk, stored flat as {@code w[j * fanIn + k]}, joins neuron k of the previous layer to neuron j.
 * Backward: δ = dC/da ⊙ σ'(z); ∂C/∂w = δ a_prevᵀ, ∂C/∂b = δ, and dC/da_prev = Wᵀ δ.
 */
public final class Dense implements Layer {
    public final int fanIn, fanOut;
    public final Activation activation;
    public final Param weights, biases;
    /** The last batch's weighted inputs z, activations a and errors δ = ∂C/∂z, batch x fanOut each. */
    public float[] z = new float[0], a = new float[0], delta = new float[0];

    public Dense(int fanIn, int fanOut, Activation activation, String name) {
        if (fanIn <= 0 || fanOut <= 0) throw new BadInputException("a dense layer needs a positive size, not " + fanIn + " -> " + fanOut + ".");
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.activation = activation;
        this.weights = Param.trained(name + ".weight", new int[] {fanOut, fanIn}, true);
        this.biases = Param.trained(name + ".bias", new int[] {fanOut}, false);
    }

    public float[] w() { return weights.value(); }

    public float[] b() { return biases.value(); }

    @Override public Shape inputShape() { return Shape.vector(fanIn); }

    @Override public Shape outputShape() { return Shape.vector(fanOut); }

    @Override public void allocate(int maxBatch) {
        if (z.length >= maxBatch * fanOut) return;
        z = new float[maxBatch * fanOut];
        a = new float[maxBatch * fanOut];
        delta = new float[maxBatch * fanOut];
    }

    @Override public void initialize(Initializer init, Random random) {
        float[] w = w(), b = b();
        for (int j = 0; j < fanOut; j++) {
            b[j] = init.bias(random);
        }
        for (int i = 0; i < w.length; i++) w[i] = init.weight(random, fanIn, fanOut);
    }

    /** z = W a_prev + b;  a = σ(z). */
    @Override public void forward(float[] aPrev, int batch, boolean training) {
        Kernels.matmulForward(z, aPrev, w(), b(), batch, fanIn, fanOut);
        activation.apply(z, a, batch, fanOut);
    }

    @Override public float[] output() { return a; }

    /** δ = dC/da ⊙ σ'(z), then {@link #backpropDelta}. */
    @Override public void backward(float[] aPrev, float[] dA, float[] dAPrev, int batch) {
        activation.backprop(z, a, dA, delta, batch, fanOut);
        backpropDelta(aPrev, dAPrev, batch);
    }

    /** With δ already in {@link #delta}: ∂C/∂w += δ a_prevᵀ, ∂C/∂b += δ, and dC/da_prev = Wᵀ δ when wanted. */
    public void backpropDelta(float[] aPrev, float[] dAPrev, int batch) {
        if (dAPrev != null) java.util.Arrays.fill(dAPrev, 0, batch * fanIn, 0f);
        Kernels.matmulBackward(dAPrev, weights.grad(), biases.grad(), delta, aPrev, w(), batch, fanIn, fanOut);
    }

    @Override public List<Param> params() { return List.of(weights, biases); }

    @Override public String spec() { return "fc" + fanOut; }

    @Override public String toString() { return fanIn + "->" + fanOut + " " + activation.name(); }
}
