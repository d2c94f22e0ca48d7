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
    }

    @Override public Shape inputShape() { return members.getFirst().inputShape(); }

    @Override public int outputSize() { return members.getFirst().outputSize(); }

    @Override public Cost cost() { return members.getFirst().cost(); }

    /** a = the mean of the members' outputs, worked out {@link #SLICE} images at a time. */
    @Override public float[] feedforward(float[] x, int batch) {
        int in = inputShape().size(), out = outputSize();
        if (a.length < batch * out) a = new float[batch * out];
        if (slice.length < SLICE * in) { slice = new float[SLICE * in]; sum = new float[SLICE * out]; }
        float share = 1f / members.size();
        for (int start = 0; start < batch; start += SLICE) {
            int m = Math.min(SLICE, batch - start);
            System.arraycopy(x, start * in, slice, 0, m * in);
            java.util.Arrays.fill(sum, 0f);
            for (Network member : members) Kernels.axpy(sum, share, member.feedforward(slice, m), m * out);
            System.arraycopy(sum, 0, a, start * out, m * out);
        }
        return a;
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
