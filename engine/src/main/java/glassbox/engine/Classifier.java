package glassbox.engine;

/**
 * Anything that reads an example and answers with one output per class: a {@link Network}, or a
 * {@link Committee} of networks. Evaluation, prediction and the model file work through this.
 */
public interface Classifier {

    Shape inputShape();

    default int inputSize() { return inputShape().size(); }

    int outputSize();

    /** The cost its outputs are scored with (the mean cost in evaluations). */
    Cost cost();

    /** The outputs for a batch of inputs (batch x outputs; a view of an internal buffer, valid until the next call). */
    float[] feedforward(float[] x, int batch);

    /** The outputs for one example, copied. */
    default float[] predict(float[] x) {
        if (x.length != inputSize()) throw new BadInputException("this model takes " + inputSize() + " values, not " + x.length + ".");
        return java.util.Arrays.copyOf(feedforward(x, 1), outputSize());
    }

    /** Learned numbers, all members together. */
    long parameterCount();
}
