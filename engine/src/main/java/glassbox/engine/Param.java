package glassbox.engine;

/**
 * A tensor the network learns (or keeps, like batch-norm running statistics) and the gradient that
 * backprop accumulates for it. {@code grad} is null for state that is not trained; {@code decays}
 * says whether L1/L2 regularisation shrinks it (weights yes, biases no, as in Nielsen's book).
 */
public record Param(String name, float[] value, float[] grad, int[] shape, boolean decays) {
    public Param {
        int n = 1;
        for (int s : shape) n *= s;
        if (n != value.length) throw new IllegalArgumentException(name + ": shape does not match " + value.length + " values");
        if (grad != null && grad.length != value.length) throw new IllegalArgumentException(name + ": gradient size differs");
    }

    public static Param trained(String name, int[] shape, boolean decays) {
        int n = 1;
        for (int s : shape) n *= s;
        return new Param(name, new float[n], new float[n], shape, decays);
    }

    public static Param state(String name, int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return new Param(name, new float[n], null, shape, false);
    }

    public boolean trained() { return grad != null; }

    public int size() { return value.length; }
}
