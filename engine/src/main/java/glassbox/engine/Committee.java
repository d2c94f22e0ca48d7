package glassbox.engine;

import java.util.List;

/**
 * A committee of networks that vote by averaging their outputs: a = (1/n) Σ_i a_i. Networks trained
 * from different seeds make partly different mistakes, so the average is right more often than any
 * member (the ensembles behind the 99.7%+ MNIST results, e.g. Ciresan et al. 2012).
 * Saved as one model file; evaluated and asked to predict like a single network.
 */
public final class Committee implements Classifier {
    /**
     * Images per member pass. Each member keeps buffers sized by the largest batch it has seen (about
     * 1 MB an image for a conv net), so 25 members fed 500 images at once would hold gigabytes.
     */
    static final int SLICE = 32;

    public final List<Network> members;
    private float[] a = new float[0], slice = new float[0], sum = new float[0];
    /** Each member's outputs for the current slice (views of its own buffers), and the slice's size. */
    private final float[][] memberOutputs;
    private int sliceSize;
    private final Parallel.Range runMembers = this::runMembers;

    public Committee(List<Network> members) {
        if (members.isEmpty()) throw new BadInputException("a committee needs at least one network.");
        Network first = members.getFirst();
        for (Network n : members) {
            if (!n.inputShape().equals(first.inputShape()) || n.outputSize() != first.outputSize())
                throw new BadInputException("the networks of a committee must take the same input and give the same outputs: "
                        + first.inputShape() + "→" + first.outputSize() + " vs " + n.inputShape() + "→" + n.outputSize() + ".");
            if (!n.cost().name().equals(first.cost().name()))
                throw new BadInputException("the networks of a committee must use the same cost, not " + first.cost().name() + " and " + n.cost().name() + ".");
        }
        this.members = List.copyOf(members);
        this.memberOutputs = new float[members.size()][];
    }

    @Override public Shape inputShape() { return members.getFirst().inputShape(); }

    @Override public int outputSize() { return members.getFirst().outputSize(); }

    @Override public Cost cost() { return members.getFirst().cost(); }

    /**
     * a = the mean of the members' outputs, worked out {@link #SLICE} images at a time. The cores share the
     * members (each member on one thread); the outputs are then added in member order, so the bits do not
     * depend on the threads.
     */
    @Override public float[] feedforward(float[] x, int batch) {
        int in = inputShape().size(), out = outputSize();
        if (a.length < batch * out) a = new float[batch * out];
        if (slice.length < SLICE * in) { slice = new float[SLICE * in]; sum = new float[SLICE * out]; }
        float share = 1f / members.size();
        for (int start = 0; start < batch; start += SLICE) {
            int m = Math.min(SLICE, batch - start);
            System.arraycopy(x, start * in, slice, 0, m * in);
            java.util.Arrays.fill(sum, 0f);
            sliceSize = m;
            Parallel.forRange(members.size(), m * members.getFirst().parameterCount(), runMembers);
            for (float[] memberOut : memberOutputs) Kernels.axpy(sum, share, memberOut, m * out);
            System.arraycopy(sum, 0, a, start * out, m * out);
        }
        return a;
    }

    private void runMembers(int k0, int k1) {
        for (int k = k0; k < k1; k++) memberOutputs[k] = members.get(k).feedforward(slice, sliceSize);
    }

    /** One member scored on its own, and the committee of members 1..{@code index} that it completes. */
    public record MemberScore(int index, Network network, double alone, double committee) {}

    /** The committee's outputs for a whole dataset, and for each example how many members alone answer it right. */
    public record Votes(float[] outputs, int[] membersRight) {}

    /**
     * Why the committee wins, member by member: each member's accuracy alone and the accuracy of the first
     * k members averaged, reported to {@code each} as every member is scored. Member by member, {@link #SLICE}
     * examples at a time, so no member's buffers grow past a slice.
     */
    public Votes scoreMembers(Dataset data, java.util.function.Consumer<MemberScore> each) {
        if (data.labels() == null) throw new BadInputException("dataset " + data.name() + " has no labels to score against.");
        if (data.inputSize() != inputSize())
            throw new BadInputException("the committee takes " + inputSize() + " values per example, the data " + data.name() + " has " + data.inputSize() + ".");
        int in = inputSize(), out = outputSize(), size = data.size();
        float[] x = new float[SLICE * in], meanOutputs = new float[size * out];
        float share = 1f / members.size();   // the first k members' mean times k/n: the same argmax
        int[] membersRight = new int[size];
        for (int k = 0; k < members.size(); k++) {
            int aloneRight = 0, togetherRight = 0;
            for (int start = 0; start < size; start += SLICE) {
                int m = Math.min(SLICE, size - start);
                System.arraycopy(data.inputs(), start * in, x, 0, m * in);
                float[] a = members.get(k).feedforward(x, m);
                Kernels.axpy(meanOutputs, start * out, share, a, m * out);   // as feedforward adds them: the same bits
                for (int b = 0; b < m; b++) {
                    int i = start + b, truth = data.labels()[i];
                    if (Kernels.argmax(a, b * out, out) == truth) { aloneRight++; membersRight[i]++; }
                    if (Kernels.argmax(meanOutputs, i * out, out) == truth) togetherRight++;
                }
            }
            each.accept(new MemberScore(k + 1, members.get(k), (double) aloneRight / size, (double) togetherRight / size));
        }
        return new Votes(meanOutputs, membersRight);
    }

    @Override public long parameterCount() {
        long n = 0;
        for (Network m : members) n += m.parameterCount();
        return n;
    }

    /** "committee of 3 × fc128-fc10 relu/softmax", or "committee of 3 networks" when they differ. */
    @Override public String toString() {
        boolean alike = members.stream().allMatch(m -> m.toString().equals(members.getFirst().toString()));
        return "committee of " + members.size() + (alike ? " × " + members.getFirst() : " networks");
    }
}
