package glassbox.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Stochastic gradient descent over mini-batches, as in the videos and Nielsen's network.py SGD: each epoch
 * shuffles the training data, cuts it into mini-batches, takes one {@link LearningStep} per mini-batch
 * (backprop, then the optimiser), and reports. Everything else is a named step of {@link Run}, off that
 * path; listeners hear about every batch and epoch.
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
        Run run = new Run(training, test);
        Random random = new Random(settings.seed());
        epochs:
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            shuffle(run.indices, random);
            run.startEpoch();
            for (int batch = 0; batch < run.batches; batch++) {
                int size = run.miniBatch(batch, random);
                double c = run.step.update(run.x, run.y, size, run.rate(epoch));
                if (run.average != null) run.average.update();
                if (!run.batchDone(c, size, epoch, batch)) break epochs;
            }
            if (!run.epochDone(epoch)) break;
        }
        return run.finish();
    }

    /**
     * One training run's extras and bookkeeping, off the path above: the validation split and the mini-batch
     * buffers, augmentation, the schedule, the divergence check, the weights' moving average ({@code --ema}),
     * the clock and the epoch's running figures, the listeners, and early stopping with the best weights.
     */
    private final class Run {
        final Dataset training, test, validation;
        final int[] indices;                  // the examples learned from, shuffled each epoch
        final int n, batches;
        final float[] x, y;                   // one mini-batch, example by example
        final BatchCopy batchCopy = new BatchCopy();
        final LearningStep step;
        final WeightAverage average;          // null without --ema
        final EarlyStopping earlyStopping;    // null without a validation split
        final long totalSteps;
        long steps;
        float rate = settings.learningRate();
        long t0;
        double trainSeconds, cost;
        int correct, seen, epochsRun;
        String stopReason = "finished";
        final List<TrainingListener.Epoch> history = new ArrayList<>();

        Run(Dataset training, Dataset test) {
            if (training.inputSize() != net.inputSize())
                throw new BadInputException("the network takes " + net.inputSize() + " values per example but " + training.name() + " has " + training.inputSize() + ".");
            if (training.targetSize() != net.outputSize())
                throw new BadInputException("the network has " + net.outputSize() + " outputs but " + training.name() + " needs " + training.targetSize() + ".");
            this.training = training;
            this.test = test;
            int[] order = new int[training.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            shuffle(order, new Random(settings.seed() ^ 0x5DEECE66DL));
            int validationSize = (int) (training.size() * settings.validation());
            n = training.size() - validationSize;
            validation = validationSize == 0 ? null : gather(training, order, n, training.size(), "validation");
            indices = java.util.Arrays.copyOf(order, n);
            if (validationSize == 0) java.util.Arrays.sort(indices);   // the whole set, shuffled per epoch
            int m = settings.batchSize();
            if (m > n) throw new BadInputException("the batch size " + m + " is larger than the " + n + " training examples.");
            batches = (n + m - 1) / m;
            totalSteps = (long) batches * settings.epochs();
            net.allocate(m);
            x = new float[m * net.inputSize()];
            y = new float[m * net.outputSize()];
            step = new LearningStep(net, settings.optimizer(), settings.regularization(), n);
            settings.optimizer().reset();
            average = settings.ema() > 0 ? new WeightAverage(net, settings.ema()) : null;
            earlyStopping = validation == null ? null : new EarlyStopping(settings.patience());
            for (TrainingListener l : listeners) l.onStart(net, settings, n);
        }

        /** The network evaluated, kept at the best epoch and saved: the live one, or its moving average. */
        Network evaluated() { return average == null ? net : average.network(); }

        void startEpoch() {
            t0 = System.nanoTime();
            cost = 0;
            correct = seen = 0;
        }

        /** Copies mini-batch number `batch` into x and y in the shuffled order, distorted if augmenting; returns its size. */
        int miniBatch(int batch, Random random) {
            int m = settings.batchSize(), start = batch * m, size = Math.min(m, n - start);
            batchCopy.set(training, indices, start, x, y);
            Parallel.forRange(size, Parallel.COPY_COST * net.inputSize(), batchCopy);
            if (settings.augmenter() != null) settings.augmenter().apply(x, size, training.shape(), random);
            return size;
        }

        /** η for the next step. */
        float rate(int epoch) {
            rate = settings.schedule().rate(settings.learningRate(), epoch, steps++, totalSteps);
            return rate;
        }

        /** Checks and counts the step's cost c and tells the listeners; false if one asks to stop. */
        boolean batchDone(double c, int size, int epoch, int batch) {
            if (!Double.isFinite(c))
                throw new DivergedException("training diverged: the cost became " + c + " in epoch " + (epoch + 1) + ", batch " + (batch + 1)
                        + "; the learning rate " + settings.learningRate() + " is probably too large for this network, try a smaller --lr.");
            cost += c;
            correct += countCorrect(net.output().a, y, size, net.outputSize());
            seen += size;
            if (listeners.isEmpty()) return true;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            var report = new TrainingListener.Batch(epoch + 1, batch + 1, batches, cost / seen, (double) correct / seen, seen / elapsed);
            boolean go = true;
            for (TrainingListener l : listeners) { l.onBatch(report); go &= l.keepGoing(); }
            if (!go) { stopReason = "stopped"; epochsRun = epoch + (batch + 1 == batches ? 1 : 0); trainSeconds += elapsed; }
            return go;
        }

        /** Scores the epoch on test and validation, tells the listeners, and asks early stopping; false to stop. */
        boolean epochDone(int epoch) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            trainSeconds += seconds;
            epochsRun = epoch + 1;
            Network scored = evaluated();
            Evaluation t = test == null ? null : Evaluation.of(scored, test);
            Evaluation v = validation == null ? null : Evaluation.of(scored, validation);
            var report = new TrainingListener.Epoch(epoch + 1, settings.epochs(), cost / seen + settings.regularization().cost(net.params(), n), (double) correct / seen,
                    t == null ? Double.NaN : t.meanCost(), t == null ? Double.NaN : t.accuracy(),
                    v == null ? Double.NaN : v.accuracy(), seconds, seen / seconds, rate);
            history.add(report);
            boolean go = true;
            for (TrainingListener l : listeners) { l.onEpoch(report); go &= l.keepGoing(); }
            if (earlyStopping != null && !earlyStopping.keepGoing(v.accuracy(), scored)) {
                stopReason = "early stop: no better validation accuracy for " + settings.patience() + " epochs";
                return false;
            }
            if (!go) stopReason = "stopped";
            return go;
        }

        /** Leaves the network with the weights to keep (the moving average, or the best epoch's) and scores them. */
        Result finish() {
            if (average != null) net.copyWeightsFrom(average.network());
            if (earlyStopping != null && earlyStopping.best != null) net.copyWeightsFrom(earlyStopping.best);
            double testAccuracy = test == null ? Double.NaN : Evaluation.of(net, test).accuracy();
            var result = new Result(epochsRun, trainSeconds, testAccuracy, earlyStopping == null ? Double.NaN : earlyStopping.bestAccuracy,
                    !stopReason.equals("finished"), stopReason, List.copyOf(history));
            for (TrainingListener l : listeners) l.onEnd(result);
            return result;
        }
    }

    /**
     * The best validation accuracy so far; with patience p > 0, a copy of the weights that reached it, and a
     * stop after p epochs without a better one.
     */
    private static final class EarlyStopping {
        final int patience;
        double bestAccuracy = Double.NaN;
        Network best;
        int sinceBest;

        EarlyStopping(int patience) { this.patience = patience; }

        /** After an epoch scored accuracy on the validation set: false when patience has run out. */
        boolean keepGoing(double accuracy, Network scored) {
            if (!(accuracy <= bestAccuracy)) {   // better, or the first
                bestAccuracy = accuracy;
                sinceBest = 0;
                if (patience > 0) best = scored.copy();
                return true;
            }
            return patience == 0 || ++sinceBest < patience;
        }
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
