package glassbox.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A feed-forward network: layers applied in turn, a' = σ(W a + b) for the dense ones, and the cost it
 * learns to lower. {@link #feedforward} reads; {@link #backprop} accumulates ∂C/∂param for a batch
 * (the optimiser then steps). Not thread-safe: each layer keeps its last batch for the lab to show;
 * give each thread its own {@link #copy()}.
 */
public final class Network implements Classifier {
    public final Architecture architecture;
    public final List<Layer> layers;
    private float[][] dA = new float[0][];   // dA[i] = dC/d(input of layer i), per layer, sized by allocate
    private float[] y = new float[0];        // the batch's wanted outputs, one-hot for labels
    private int capacity;

    Network(Architecture architecture, List<Layer> layers) {
        this.architecture = architecture;
        this.layers = List.copyOf(layers);
    }

    /** A fresh network with initialised weights: the same seed gives the same weights. */
    public static Network create(Architecture architecture, Initializer init, long seed) {
        return create(architecture, init, seed, Long.MAX_VALUE);
    }

    /** As {@link #create(Architecture, Initializer, long)}, refused ({@link Architecture.TooLarge}) beyond maxValues parameters. */
    public static Network create(Architecture architecture, Initializer init, long seed, long maxValues) {
        Network n = architecture.build(maxValues);
        Random random = new Random(seed);
        for (Layer l : n.layers) l.initialize(init, random);
        return n;
    }

    @Override public Cost cost() { return architecture.cost(); }

    @Override public Shape inputShape() { return layers.getFirst().inputShape(); }

    @Override public int outputSize() { return output().fanOut; }

    public Dense output() { return (Dense) layers.getLast(); }

    private List<Param> params;   // built once: the layers and their params never change

    /** All parameters, layer by layer (the same unmodifiable list every time: training asks for it per batch). */
    public List<Param> params() {
        if (params == null) {
            List<Param> ps = new ArrayList<>();
            for (Layer l : layers) ps.addAll(l.params());
            params = List.copyOf(ps);
        }
        return params;
    }

    /** The number of learned numbers (13,002 for 784-16-16-10). */
    @Override public long parameterCount() {
        long n = 0;
        for (Param p : params()) if (p.trained()) n += p.size();
        return n;
    }

    /** Sizes every buffer for batches of up to maxBatch examples; growing is the only allocation. */
    public void allocate(int maxBatch) {
        if (maxBatch <= capacity) return;
        for (Layer l : layers) l.allocate(maxBatch);
        dA = new float[layers.size()][];
        for (int i = 1; i < layers.size(); i++) dA[i] = new float[maxBatch * layers.get(i).inputShape().size()];
        y = new float[maxBatch * outputSize()];
        capacity = maxBatch;
    }

    /** The output activations for a batch of inputs (a view of the last layer's buffer, batch x outputs). */
    @Override public float[] feedforward(float[] x, int batch) { return feedforward(x, batch, false); }

    public float[] feedforward(float[] x, int batch, boolean training) {
        allocate(batch);
        float[] a = x;
        for (int i = 0; i < layers.size(); i++) {   // indexed: an iterator here could be allocated per batch
            Layer l = layers.get(i);
            l.forward(a, batch, training);
            a = l.output();
        }
        return a;
    }

    /**
     * One forward and backward pass over a batch: adds ∂C/∂param, summed over the batch, into each
     * param's grad and returns the batch's summed cost. y holds the wanted outputs (batch x outputs).
     */
    public double backprop(float[] x, float[] y, int batch) {
        float[] a = feedforward(x, batch, true);
        Dense out = output();
        double c = cost().cost(a, y, batch, out.fanOut);
        cost().delta(out.z, out.a, y, out.delta, out.activation, batch, out.fanOut);
        int last = layers.size() - 1;
        out.backpropDelta(last == 0 ? x : layers.get(last - 1).output(), last == 0 ? null : dA[last], batch);
        for (int i = last - 1; i >= 0; i--) {
            float[] in = i == 0 ? x : layers.get(i - 1).output();
            layers.get(i).backward(in, dA[i + 1], i == 0 ? null : dA[i], batch);
        }
        return c;
    }

    /** backprop with one-hot targets made from labels (labels[offset .. offset + batch)). */
    public double backpropLabels(float[] x, int[] labels, int batch) {
        allocate(batch);
        int n = outputSize();
        java.util.Arrays.fill(y, 0, batch * n, 0f);
        for (int b = 0; b < batch; b++) y[b * n + labels[b]] = 1f;
        return backprop(x, y, batch);
    }

    public void zeroGradients() {
        List<Param> ps = params();
        for (int i = 0; i < ps.size(); i++) if (ps.get(i).trained()) java.util.Arrays.fill(ps.get(i).grad(), 0f);
    }

    /** An independent network with the same architecture and a copy of every parameter. */
    public Network copy() {
        Network n = architecture.build();
        List<Param> from = params(), to = n.params();
        for (int i = 0; i < from.size(); i++) System.arraycopy(from.get(i).value(), 0, to.get(i).value(), 0, from.get(i).size());
        return n;
    }

    /** Copies every parameter value from another network of the same architecture. */
    public void copyWeightsFrom(Network other) {
        List<Param> from = other.params(), to = params();
        for (int i = 0; i < from.size(); i++) System.arraycopy(from.get(i).value(), 0, to.get(i).value(), 0, from.get(i).size());
    }

    @Override public String toString() { return architecture.toString(); }
}
