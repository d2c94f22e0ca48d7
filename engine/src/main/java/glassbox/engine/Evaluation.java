package glassbox.engine;

/**
 * How well a network does on labelled data: accuracy, mean cost, per-class accuracy and the confusion
 * matrix (rows = true class, columns = the network's answer).
 */
public record Evaluation(int images, int correct, double meanCost, int[][] confusion) {

    public double accuracy() { return images == 0 ? 0 : (double) correct / images; }

    /** For each true class, the fraction answered right. */
    public double[] perClass() {
        double[] p = new double[confusion.length];
        for (int c = 0; c < p.length; c++) {
            int total = 0;
            for (int v : confusion[c]) total += v;
            p[c] = total == 0 ? 0 : (double) confusion[c][c] / total;
        }
        return p;
    }

    private static final int CHUNK = 500;

    /** Runs the whole dataset through the network (or committee), CHUNK examples at a time. */
    public static Evaluation of(Classifier net, Dataset data) {
        if (data.labels() == null) throw new BadInputException("dataset " + data.name() + " has no labels to score against.");
        if (data.inputSize() != net.inputSize())
            throw new BadInputException("the network takes " + net.inputSize() + " values per example, the data " + data.name() + " has " + data.inputSize() + ".");
        int classes = net.outputSize(), in = data.inputSize();
        Tally tally = new Tally(classes);
        float[] x = new float[Math.min(CHUNK, Math.max(1, data.size())) * in];
        for (int start = 0; start < data.size(); start += CHUNK) {
            int m = Math.min(CHUNK, data.size() - start);
            System.arraycopy(data.inputs(), start * in, x, 0, m * in);
            tally.add(net.feedforward(x, m), data, start, m, net.cost());
        }
        return tally.evaluation(data.size());
    }

    /** Scores outputs already worked out, {@code classes} per example, for the whole dataset. */
    public static Evaluation of(float[] outputs, Dataset data, Cost cost) {
        Tally tally = new Tally(outputs.length / Math.max(1, data.size()));
        tally.add(outputs, data, 0, data.size(), cost);
        return tally.evaluation(data.size());
    }

    /** Confusion, right answers and summed cost, gathered chunk by chunk. */
    private static final class Tally {
        final int classes;
        final int[][] confusion;
        int correct;
        double cost;

        Tally(int classes) { this.classes = classes; this.confusion = new int[classes][classes]; }

        /** Adds the outputs a of examples [start, start + m). */
        void add(float[] a, Dataset data, int start, int m, Cost c) {
            float[] y = new float[m * classes];
            for (int b = 0; b < m; b++) data.target(start + b, y, b * classes);
            cost += c.cost(a, y, m, classes);
            for (int b = 0; b < m; b++) {
                int guess = Kernels.argmax(a, b * classes, classes), truth = data.labels()[start + b];
                if (truth < classes) confusion[truth][guess]++;
                if (guess == truth) correct++;
            }
        }

        Evaluation evaluation(int images) { return new Evaluation(images, correct, images == 0 ? 0 : cost / images, confusion); }
    }
}
