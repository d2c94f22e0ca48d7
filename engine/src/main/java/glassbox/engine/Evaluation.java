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
        int[][] confusion = new int[classes][classes];
        float[] x = new float[Math.min(CHUNK, Math.max(1, data.size())) * in];
        float[] y = new float[Math.min(CHUNK, Math.max(1, data.size())) * classes];
        int correct = 0;
        double cost = 0;
        for (int start = 0; start < data.size(); start += CHUNK) {
            int m = Math.min(CHUNK, data.size() - start);
            System.arraycopy(data.inputs(), start * in, x, 0, m * in);
            for (int b = 0; b < m; b++) data.target(start + b, y, b * classes);
            float[] a = net.feedforward(x, m);
            cost += net.cost().cost(a, y, m, classes);
            for (int b = 0; b < m; b++) {
                int guess = Kernels.argmax(a, b * classes, classes), truth = data.labels()[start + b];
                if (truth < classes) confusion[truth][guess]++;
                if (guess == truth) correct++;
            }
        }
        return new Evaluation(data.size(), correct, data.size() == 0 ? 0 : cost / data.size(), confusion);
    }
}
