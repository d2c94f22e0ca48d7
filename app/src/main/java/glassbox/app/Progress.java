package glassbox.app;

import glassbox.engine.TrainingListener;

import java.io.PrintWriter;

/**
 * The training progress line on the terminal (stderr): epoch, batch, cost, accuracy, samples/s,
 * redrawn at most ten times a second, plus one kept line per epoch. Quiet when stderr is not a terminal
 * unless asked, so scripts reading --json see only the epoch lines.
 */
final class Progress implements TrainingListener {
    private final PrintWriter err;
    private final boolean live;
    private long lastDraw;

    Progress(PrintWriter err, boolean live) {
        this.err = err;
        this.live = live;
    }

    static boolean terminal() { return System.console() != null && System.console().isTerminal(); }

    @Override public void onBatch(Batch b) {
        if (!live) return;
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && b.batch() != b.batches()) return;
        lastDraw = now;
        int width = 24, done = (int) ((long) width * b.batch() / b.batches());
        err.printf("\repoch %d [%s%s] %d/%d  cost %.4f  acc %.2f%%  %,.0f samples/s ", b.epoch(), "=".repeat(done), " ".repeat(width - done),
                b.batch(), b.batches(), b.cost(), 100 * b.accuracy(), b.samplesPerSecond());
        err.flush();
    }

    @Override public void onEpoch(Epoch e) {
        if (live) err.print("\r\033[K");
        StringBuilder s = new StringBuilder(String.format("epoch %d/%d  %.2fs  train cost %.4f acc %.2f%%", e.epoch(), e.epochs(), e.seconds(),
                e.trainCost(), 100 * e.trainAccuracy()));
        if (!Double.isNaN(e.testAccuracy())) s.append(String.format("  test acc %.2f%%", 100 * e.testAccuracy()));
        if (!Double.isNaN(e.validationAccuracy())) s.append(String.format("  validation acc %.2f%%", 100 * e.validationAccuracy()));
        err.println(s);
        err.flush();
    }
}
