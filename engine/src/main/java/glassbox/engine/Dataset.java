package glassbox.engine;

/**
 * Examples to learn from: {@code size} inputs of {@code shape.size()} floats each, stored one after the
 * other in {@code inputs}; for classification a label 0..classes-1 per example, for regression
 * {@code targets} (size x targetSize floats). MNIST: 784 floats in 0..1 row by row, labels 0..9.
 */
public record Dataset(String name, float[] inputs, int[] labels, float[] targets, int size, Shape shape, int classes) {

    public Dataset {
        if (size < 0 || (long) size * shape.size() != inputs.length)
            throw new BadInputException("dataset " + name + " holds " + inputs.length + " values, not " + size + " x " + shape.size() + ".");
        if (labels == null && targets == null) throw new BadInputException("dataset " + name + " has neither labels nor targets.");
        if (labels != null && labels.length != size) throw new BadInputException("dataset " + name + " has " + labels.length + " labels for " + size + " examples.");
        if (labels != null) for (int l : labels)
            if (l < 0 || l >= classes) throw new BadInputException("dataset " + name + " has a label " + l + " outside 0.." + (classes - 1) + ".");
        if (targets != null && (size == 0 || targets.length % size != 0)) throw new BadInputException("dataset " + name + " has targets that do not divide into " + size + " examples.");
    }

    public static Dataset classification(String name, float[] inputs, int[] labels, Shape shape, int classes) {
        return new Dataset(name, inputs, labels, null, labels.length, shape, classes);
    }

    public static Dataset regression(String name, float[] inputs, float[] targets, int size, Shape shape) {
        return new Dataset(name, inputs, null, targets, size, shape, 0);
    }

    public int inputSize() { return shape.size(); }

    /** Values per target: the number of classes (one-hot) or the regression width. */
    public int targetSize() { return labels != null ? classes : targets.length / Math.max(1, size); }

    /** Examples [from, to) as a new dataset sharing nothing with this one. */
    public Dataset slice(int from, int to) {
        int n = inputSize(), t = targetSize();
        float[] in = java.util.Arrays.copyOfRange(inputs, from * n, to * n);
        return new Dataset(name, in, labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to),
                targets == null ? null : java.util.Arrays.copyOfRange(targets, from * t, to * t), to - from, shape, classes);
    }

    /** The pixels of example i, copied. */
    public float[] input(int i) { return java.util.Arrays.copyOfRange(inputs, i * inputSize(), (i + 1) * inputSize()); }

    /** Writes the wanted outputs of example i (one-hot for labels) into y at offset. */
    public void target(int i, float[] y, int offset) {
        int t = targetSize();
        if (labels != null) {
            java.util.Arrays.fill(y, offset, offset + t, 0f);
            y[offset + labels[i]] = 1f;
        } else {
            System.arraycopy(targets, i * t, y, offset, t);
        }
    }
}
