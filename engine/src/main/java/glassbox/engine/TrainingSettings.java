package glassbox.engine;

/**
 * How to train: the videos' and the book's knobs. Defaults are Nielsen's network.py: 30 epochs of
 * mini-batches of 10 with η = 3.0, plain SGD. {@code validation} holds out that fraction of the
 * training data; with {@code patience} > 0 training stops after that many epochs without a better
 * validation accuracy and keeps the best weights. {@code augmenter} may distort each batch (or be null).
 * {@code ema} > 0 evaluates, keeps and saves a moving average of the weights with that decay per step
 * ({@link WeightAverage}); 0 is off.
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, Optimizer optimizer,
                               Regularization regularization, Schedule schedule, long seed,
                               float validation, int patience, Augmenter augmenter, float ema) {

    public TrainingSettings {
        if (epochs <= 0 || epochs > 100_000) throw new BadInputException("epochs must be between 1 and 100,000, not " + epochs + ".");
        if (batchSize <= 0 || batchSize > 1_000_000) throw new BadInputException("the batch size must be positive, not " + batchSize + ".");
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) throw new BadInputException("the learning rate must be a positive number, not " + learningRate + ".");
        if (!(validation >= 0 && validation < 1)) throw new BadInputException("the validation fraction must be in [0, 1), not " + validation + ".");
        if (patience < 0) throw new BadInputException("patience must be 0 (off) or more epochs, not " + patience + ".");
        if (patience > 0 && validation == 0) throw new BadInputException("early stopping (patience) needs a validation split, e.g. --validation 0.1.");
        if (!(ema >= 0 && ema < 1)) throw new BadInputException("the moving average's decay (--ema) must be 0 (off) or in (0, 1), like 0.999, not " + ema + ".");
    }

    public static TrainingSettings defaults() {
        return new TrainingSettings(30, 10, 3.0f, new Optimizer.Sgd(), Regularization.NONE, Schedule.CONSTANT, 1, 0f, 0, null, 0f);
    }

    public TrainingSettings withEpochs(int e) { return new TrainingSettings(e, batchSize, learningRate, optimizer, regularization, schedule, seed, validation, patience, augmenter, ema); }
    public TrainingSettings withBatchSize(int b) { return new TrainingSettings(epochs, b, learningRate, optimizer, regularization, schedule, seed, validation, patience, augmenter, ema); }
    public TrainingSettings withLearningRate(float lr) { return new TrainingSettings(epochs, batchSize, lr, optimizer, regularization, schedule, seed, validation, patience, augmenter, ema); }
    public TrainingSettings withOptimizer(Optimizer o) { return new TrainingSettings(epochs, batchSize, learningRate, o, regularization, schedule, seed, validation, patience, augmenter, ema); }
    public TrainingSettings withRegularization(Regularization r) { return new TrainingSettings(epochs, batchSize, learningRate, optimizer, r, schedule, seed, validation, patience, augmenter, ema); }
    public TrainingSettings withSchedule(Schedule s) { return new TrainingSettings(epochs, batchSize, learningRate, optimizer, regularization, s, seed, validation, patience, augmenter, ema); }
    public TrainingSettings withSeed(long s) { return new TrainingSettings(epochs, batchSize, learningRate, optimizer, regularization, schedule, s, validation, patience, augmenter, ema); }
    public TrainingSettings withEarlyStopping(float v, int p) { return new TrainingSettings(epochs, batchSize, learningRate, optimizer, regularization, schedule, seed, v, p, augmenter, ema); }
    public TrainingSettings withAugmenter(Augmenter a) { return new TrainingSettings(epochs, batchSize, learningRate, optimizer, regularization, schedule, seed, validation, patience, a, ema); }
    public TrainingSettings withEma(float d) { return new TrainingSettings(epochs, batchSize, learningRate, optimizer, regularization, schedule, seed, validation, patience, augmenter, d); }
}
