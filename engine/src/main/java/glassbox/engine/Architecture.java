package glassbox.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a network is made of, as text that fits on a command line and in a model file.
 * Two forms:
 * <ul>
 *   <li>layer sizes, input first: {@code 784-16-16-10} (or {@code 784,16,16,10}): dense layers;</li>
 *   <li>a chain of layer tokens after an input shape: {@code fc128-fc10}; the tokens are listed in
 *       {@link #layer}.</li>
 * </ul>
 * Hidden layers use {@code hidden}; the last layer uses {@code output}.
 */
public record Architecture(String layers, Shape input, Activation hidden, Activation output, Cost cost) {

    public Architecture {
        if (layers == null || layers.isBlank()) throw new BadInputException("the architecture is empty: give layer sizes such as 784-16-16-10.");
        layers = layers.trim().toLowerCase(Locale.ROOT).replace(',', '-').replace(' ', '-');
    }

    /** True when the architecture is a plain list of layer sizes. */
    public boolean isSizeList() { return layers.matches("\\d+(-\\d+)+"); }

    /** Builds the layers, with weights all zero; the caller initialises or loads them. */
    public Network build() {
        List<Layer> built = new ArrayList<>();
        Shape shape = input;
        String[] tokens = layers.split("-+");
        if (isSizeList()) {
            int in = parseSize(tokens[0], "input size");
            if (in != input.size())
                throw new BadInputException("the architecture starts with " + in + " inputs but the data has " + input.size() + " values per example.");
            shape = Shape.vector(in);
            for (int i = 1; i < tokens.length; i++) {
                int out = parseSize(tokens[i], "layer " + i + " size");
                Dense d = new Dense(shape.size(), out, i == tokens.length - 1 ? output : hidden, "layer" + (i - 1));
                built.add(d);
                shape = d.outputShape();
            }
        } else {
            for (int i = 0; i < tokens.length; i++) {
                Layer l = layer(tokens[i], shape, i, i == tokens.length - 1);
                built.add(l);
                shape = l.outputShape();
            }
        }
        if (built.isEmpty()) throw new BadInputException("the architecture '" + layers + "' has no layers.");
        if (!(built.getLast() instanceof Dense))
            throw new BadInputException("the architecture '" + layers + "' must end with a dense layer (fcN) that gives the outputs.");
        return new Network(this, built);
    }

    /**
     * One token of the chain form, given the shape it receives:
     * {@code fcN} (dense, N neurons; flattens what comes in).
     */
    private Layer layer(String token, Shape in, int index, boolean last) {
        String name = "layer" + index;
        if (token.startsWith("fc")) {
            int n = parseSize(token.substring(2), "neurons in '" + token + "'");
            return new Dense(in.size(), n, last ? output : hidden, name);
        }
        throw new BadInputException("layer " + (index + 1) + " '" + token + "' is not a layer this version knows: use fcN.");
    }

    static int parseSize(String s, String what) {
        try {
            int n = Integer.parseInt(s);
            if (n <= 0 || n > 1_000_000) throw new BadInputException("the " + what + " must be between 1 and 1,000,000, not " + n + ".");
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException("the " + what + " must be a whole number, not '" + s + "'.");
        }
    }

    /** "784-16-16-10 sigmoid" or "fc128-fc10 relu/softmax". */
    @Override public String toString() {
        String acts = hidden.name().equals(output.name()) ? hidden.name() : hidden.name() + "/" + output.name();
        return layers + " " + acts;
    }
}
