package glassbox.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Stochastic gradient descent over mini-batches, as in the videos and Nielsen's network.py:
 * each epoch shuffles the training data, cuts it into mini-batches, and for each one runs
 * backprop and lets the optimiser step. Listeners hear about every batch and epoch.
 */
public final class Trainer {

    /** What training did: epochs run, seconds spent training (evaluation excluded), final figures, history. */
    public record Result(int epochs, double trainSeconds, double testAccuracy, double validationAccuracy,
                         boolean stoppedEarly, String stopReason, List<TrainingListener.Epoch> history) {}

    /** Thrown when the cost becomes NaN or infinite: almost always a learning rate that is too large. */
    public static final class DivergedException extends BadInputException {
        DivergedException(String m) { super(m); }
    }

    private final Network net;
    private final TrainingSettings settings;
    private final BatchCopy batchCopy = new BatchCopy();
    private final List<TrainingListener> listeners;

    public Trainer(Network net, TrainingSettings settings, List<TrainingListener> listeners) {
        this.net = net;
        this.settings = settings;
        this.listeners = List.copyOf(listeners);
    }

    public static Result train(Network net, Dataset training, Dataset test, TrainingSettings settings, TrainingListener... listeners) {
        return new Trainer(net, settings, List.of(listeners)).train(training, test);
    }

    /** Trains on training (less the validation split) and scores each epoch on test (may be null). */
    public Result train(Dataset training, Dataset test) {
        if (training.inputSize() != net.inputSize())
            throw new BadInputException("the network takes " + net.inputSize() + " values per example but " + training.name() + " has " + training.inputSize() + ".");
        if (training.targetSize() != net.outputSize())
            throw new BadInputException("the network has " + net.outputSize() + " outputs but " + training.name() + " needs " + training.targetSize() + ".");
        Random random = new Random(settings.seed());
        int[] order = new int[training.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        shuffle(order, new Random(settings.seed() ^ 0x5DEECE66DL));
        int validationSize = (int) (training.size() * settings.validation());
        int n = training.size() - validationSize;
        Dataset validation = validationSize == 0 ? null : gather(training, order, n, training.size(), "validation");
        int[] indices = java.util.Arrays.copyOf(order, n);
        if (validationSize == 0) java.util.Arrays.sort(indices);   // the whole set, shuffled per epoch below
        int m = settings.batchSize();
        if (m > n) throw new BadInputException("the batch size " + m + " is larger than the " + n + " training examples.");

        net.allocate(m);
        int in = net.inputSize(), out = net.outputSize();
        float[] x = new float[m * in], y = new float[m * out];
        List<Param> params = net.params();
        settings.optimizer().reset();
        for (TrainingListener l : listeners) l.onStart(net, settings, n);

        int batches = (n + m - 1) / m;
        long totalSteps = (long) batches * settings.epochs(), step = 0;
        double trainSeconds = 0, bestValidation = -1;
        int sinceBest = 0, epochsRun = 0;
        Network best = null;
        String stopReason = "finished";
        List<TrainingListener.Epoch> history = new ArrayList<>();
        float rate = settings.learningRate();
        epochs:
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            long t0 = System.nanoTime();
            shuffle(indices, random);
            double cost = 0;
            int correct = 0, seen = 0;
            for (int batch = 0; batch < batches; batch++) {
                int start = batch * m, size = Math.min(m, n - start);
                batchCopy.set(training, indices, start, x, y);
                Parallel.forRange(size, Parallel.COPY_COST * in, batchCopy);
                if (settings.augmenter() != null) settings.augmenter().apply(x, size, training.shape(), random);
                rate = settings.schedule().rate(settings.learningRate(), epoch, step++, totalSteps);
                double c = updateMiniBatch(x, y, size, rate, params, n);
                if (!Double.isFinite(c))
                    throw new DivergedException("training diverged: the cost became " + c + " in epoch " + (epoch + 1) + ", batch " + (batch + 1)
                            + "; the learning rate " + settings.learningRate() + " is probably too large for this network, try a smaller --lr.");
                cost += c;
                correct += countCorrect(net.output().a, y, size, out);
                seen += size;
                if (!listeners.isEmpty()) {
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    var report = new TrainingListener.Batch(epoch + 1, batch + 1, batches, cost / seen, (double) correct / seen, seen / elapsed);
                    boolean go = true;
                    for (TrainingListener l : listeners) { l.onBatch(report); go &= l.keepGoing(); }
                    if (!go) { stopReason = "stopped"; epochsRun = epoch + (batch + 1 == batches ? 1 : 0); trainSeconds += elapsed; break epochs; }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds += seconds;
            epochsRun = epoch + 1;
            Evaluation t = test == null ? null : Evaluation.of(net, test);
            Evaluation v = validation == null ? null : Evaluation.of(net, validation);
            var report = new TrainingListener.Epoch(epoch + 1, settings.epochs(), cost / seen + settings.regularization().cost(params, n), (double) correct / seen,
                    t == null ? Double.NaN : t.meanCost(), t == null ? Double.NaN : t.accuracy(),
                    v == null ? Double.NaN : v.accuracy(), seconds, seen / seconds, rate);
            history.add(report);
            boolean go = true;
            for (TrainingListener l : listeners) { l.onEpoch(report); go &= l.keepGoing(); }
            if (v != null) {
                if (v.accuracy() > bestValidation) { bestValidation = v.accuracy(); sinceBest = 0; best = net.copy(); }
                else if (settings.patience() > 0 && ++sinceBest >= settings.patience()) {
                    stopReason = "early stop: no better validation accuracy for " + settings.patience() + " epochs";
                    break;
                }
            }
            if (!go) { stopReason = "stopped"; break; }
        }
        if (best != null && settings.patience() > 0) net.copyWeightsFrom(best);
        double testAccuracy = test == null ? Double.NaN : Evaluation.of(net, test).accuracy();
        var result = new Trainer.Result(epochsRun, trainSeconds, testAccuracy, bestValidation < 0 ? Double.NaN : bestValidation,
                !stopReason.equals("finished"), stopReason, List.copyOf(history));
        for (TrainingListener l : listeners) l.onEnd(result);
        return result;
    }

    /**
     * Copies the examples of a mini-batch, in the shuffled order, into x and y. Randomly placed images are
     * slow to fetch from memory, so both cores fetch (made once per trainer: a batch allocates nothing).
     */
    private static final class BatchCopy implements Parallel.Range {
        private Dataset data;
        private int[] indices;
        private int start;
        private float[] x, y;

        void set(Dataset data, int[] indices, int start, float[] x, float[] y) {
            this.data = data; this.indices = indices; this.start = start; this.x = x; this.y = y;
        }

        @Override public void run(int from, int to) {
            int in = data.inputSize(), out = data.targetSize();
            for (int b = from; b < to; b++) {
                int i = indices[start + b];
                System.arraycopy(data.inputs(), i * in, x, b * in, in);
                data.target(i, y, b * out);
            }
        }
    }

    /** One gradient step: backprop over the batch, then the optimiser moves each weight. Returns the batch's summed cost. */
    private double updateMiniBatch(float[] x, float[] y, int size, float rate, List<Param> params, int n) {
        net.zeroGradients();
        double c = net.backprop(x, y, size);
        settings.optimizer().step(params, rate, size, settings.regularization(), n);
        return c;
    }

    private static int countCorrect(float[] a, float[] y, int size, int out) {
        int correct = 0;
        for (int b = 0; b < size; b++) if (Kernels.argmax(a, b * out, out) == Kernels.argmax(y, b * out, out)) correct++;
        return correct;
    }

    /** Fisher-Yates with the given random: the same seed gives the same order. */
    static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }

    private static Dataset gather(Dataset d, int[] order, int from, int to, String name) {
        int in = d.inputSize(), t = d.targetSize(), k = to - from;
        float[] x = new float[k * in];
        int[] labels = d.labels() == null ? null : new int[k];
        float[] targets = d.targets() == null ? null : new float[k * t];
        for (int j = 0; j < k; j++) {
            int i = order[from + j];
            System.arraycopy(d.inputs(), i * in, x, j * in, in);
            if (labels != null) labels[j] = d.labels()[i];
            if (targets != null) System.arraycopy(d.targets(), i * t, targets, j * t, t);
        }
        return new Dataset(d.name() + " " + name, x, labels, targets, k, d.shape(), d.classes());
    }
}
