package glassbox.engine;

/**
 * One step of learning, network.py's update_mini_batch: backprop sums ∂C/∂param over a mini-batch, then the
 * optimiser moves every parameter (w ← w − (η/m) Σ ∂C/∂w for plain SGD). The trainer, the playground and the
 * lessons all learn through it; n, the training-set size, scales the regulariser's pull (λ/n).
 */
public record LearningStep(Network network, Optimizer optimizer, Regularization regularization, int trainingSize) {

    /** Takes the step on the mini-batch x, y (size examples) with learning rate η; returns the batch's summed cost. */
    public double update(float[] x, float[] y, int size, float learningRate) {
        network.zeroGradients();
        double c = network.backprop(x, y, size);
        optimizer.step(network.params(), learningRate, size, regularization, trainingSize);
        return c;
    }
}
