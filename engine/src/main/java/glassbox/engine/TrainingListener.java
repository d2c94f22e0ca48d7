package glassbox.engine;

/**
 * Hears how training goes: after each mini-batch and each epoch. The web lab and the experiments
 * subscribe; a listener may ask training to stop by returning false from {@link #keepGoing}.
 */
public interface TrainingListener {

    /** After each mini-batch: the running mean cost and accuracy of this epoch so far. */
    record Batch(int epoch, int batch, int batches, double cost, double accuracy, double samplesPerSecond) {}

    /**
     * After each epoch: training cost and accuracy (over the epoch's batches, as they were seen),
     * test (or validation) cost and accuracy when there is such data (else NaN; with --ema, of the averaged
     * weights), seconds spent training this epoch (evaluation excluded) and the learning rate used at its end.
     */
    record Epoch(int epoch, int epochs, double trainCost, double trainAccuracy, double testCost, double testAccuracy,
                 double validationAccuracy, double seconds, double samplesPerSecond, float learningRate) {}

    default void onStart(Network network, TrainingSettings settings, int trainingSize) {}

    default void onBatch(Batch b) {}

    default void onEpoch(Epoch e) {}

    default void onEnd(Trainer.Result r) {}

    /** Asked between batches; false stops training after the current batch. */
    default boolean keepGoing() { return true; }
}
