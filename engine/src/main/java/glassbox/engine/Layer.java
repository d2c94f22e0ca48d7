package glassbox.engine;

import java.util.List;

/**
 * One stage of a network, working on a whole mini-batch at once. Arrays hold the batch example by
 * example, each example {@link #inputShape()} (or {@link #outputShape()}) values long. A layer keeps
 * what it computed last (its output a, and what backward needs), so the lab can show it.
 * Buffers are sized once by {@link #allocate}; the training step allocates nothing.
 */
public interface Layer {

    Shape inputShape();

    Shape outputShape();

    /** Sizes the layer's buffers for batches of up to maxBatch examples (cheap if already large enough). */
    void allocate(int maxBatch);

    /** Computes the output of a batch from its input; training turns on dropout and batch statistics. */
    void forward(float[] input, int batch, boolean training);

    /** The output of the last forward pass: batch x outputShape().size() values. */
    float[] output();

    /**
     * Given dC/da for the layer's output, accumulates dC/dparam into each param's grad and, when
     * dInput is not null, writes dC/d(input) into it. Uses what the last forward pass kept.
     */
    void backward(float[] input, float[] dOutput, float[] dInput, int batch);

    /** What the layer learns or keeps, in a fixed order with stable names (for the model file). */
    List<Param> params();

    /** The layer in the architecture grammar, e.g. "fc16" or "conv5x5x32". */
    String spec();

    /** Fills the weights for a fresh network. */
    void initialize(Initializer init, java.util.Random random);
}
