package glassbox.engine;

import java.util.Random;

/**
 * A head start for the JIT. A fresh run's first epoch used to take ten times the later ones: C2 compiles the
 * Vector API kernels on the same two cores while the kernels wait in the interpreter. WarmUp trains a copy of
 * the network on a few batches of random data of the same shape, on its own thread, while the caller does
 * something else (loads the data), so the kernels are compiled by the time the real training starts.
 * The network itself is not touched; the settings' optimiser is reset by each training, so the real run
 * starts as it would have, and gives the same numbers.
 */
public final class WarmUp implements AutoCloseable {
    /** Random batches per pass: a pass is short, so close() waits little. */
    private static final int BATCHES = 8;

    private final Thread thread;
    private volatile boolean stop;

    private WarmUp(Network copy, TrainingSettings settings) {
        thread = new Thread(() -> run(copy, settings), "glassbox-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts training a copy of net with these settings (one epoch at a time) on random classification data. */
    public static WarmUp start(Network net, TrainingSettings settings) {
        WarmUp w = new WarmUp(net.copy(), settings.withEpochs(1));
        w.thread.start();
        return w;
    }

    private void run(Network copy, TrainingSettings settings) {
        Random random = new Random(1);
        int n = BATCHES * settings.batchSize(), in = copy.inputSize(), classes = copy.outputSize();
        float[] x = new float[n * in];
        int[] labels = new int[n];
        for (int i = 0; i < x.length; i++) x[i] = random.nextFloat();
        for (int i = 0; i < n; i++) labels[i] = random.nextInt(classes);
        Dataset data = Dataset.classification("warm-up", x, labels, copy.inputShape(), classes);
        try {
            while (!stop) Trainer.train(copy, data, null, settings);
        } catch (RuntimeException e) {
            // random data can diverge at a large learning rate, or not fit the settings: the head start just ends
        }
    }

    /** Stops the warm-up and waits for its last pass (a few batches) to end. */
    @Override public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
