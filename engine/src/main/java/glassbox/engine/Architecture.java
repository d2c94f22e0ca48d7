package glassbox.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a network is made of, as text that fits on a command line and in a model file.
 * Two forms:
 * <ul>
 *   <li>layer sizes, input first: {@code 784-16-16-10} (or {@code 784,16,16,10}): dense layers;</li>
 *   <li>a chain of layer tokens after the data's input shape, e.g.
 *       {@code conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10}; the tokens are listed in {@link #layer}.</li>
 * </ul>
 * Hidden layers (conv, fc, bn) use {@code hidden}; the last layer, which must be fc, uses {@code output}.
 * A conv or fc followed by bn is left linear and the bn layer applies {@code hidden}: conv → bn → σ.
 */
public record Architecture(String layers, Shape input, Activation hidden, Activation output, Cost cost) {

    public Architecture {
        if (layers == null || layers.isBlank()) throw new BadInputException("the architecture is empty: give layer sizes such as 784-16-16-10.");
        layers = layers.trim().toLowerCase(Locale.ROOT).replace(',', '-').replace(' ', '-');
    }

    /** True when the architecture is a plain list of layer sizes. */
    public boolean isSizeList() { return layers.matches("\\d+(-\\d+)+"); }

    /** Builds the layers, with weights all zero; the caller initialises or loads them. */
    public Network build() { return build(Long.MAX_VALUE); }

    /**
     * As {@link #build()}, but refuses with {@link TooLarge}, before allocating anything, a network whose
     * parameters (weights, biases, batch-norm statistics) would be more than {@code maxValues} numbers: a
     * model file's header is held to the weights the file holds, a training run to the memory it has.
     */
    public Network build(long maxValues) {
        long needed = parameterCount();
        if (needed > maxValues)
            throw new TooLarge("the network " + this + " would hold " + String.format("%,d", needed) + " parameters, more than the "
                    + String.format("%,d", maxValues) + " allowed here.", needed);
        return new Network(this, layers(false, new long[1]));
    }

    /**
     * The numbers the network holds (weights, biases, batch-norm statistics: 13,002 for 784-16-16-10), worked
     * out from the shapes alone, so that a network too large for memory or for its file is refused unbuilt.
     */
    public long parameterCount() {
        long[] count = {0};
        layers(true, count);
        return count[0];
    }

    /**
     * The layers in order, each checked against the shape it receives; {@code count[0]} adds up their parameters.
     * A dry run (planned, not built) puts a parameterless stand-in of the right output shape where a layer with
     * parameters would go, so nothing large is allocated.
     */
    private List<Layer> layers(boolean dry, long[] count) {
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
                long weights = (long) out * shape.size();
                if (weights > MAX_VALUES)
                    throw new BadInputException("layer " + i + " (" + shape.size() + " → " + out + ") would need " + String.format("%,d", weights)
                            + " weights; the limit is " + String.format("%,d", MAX_VALUES) + " per layer (" + layers + " has "
                            + String.format("%,d", sizeListParameters()) + " parameters in all, " + gigabytes(4 * sizeListParameters()) + " as float32).");
                count[0] += weights + out;
                Layer d = dry ? standIn(Shape.vector(out)) : new Dense(shape.size(), out, i == tokens.length - 1 ? output : hidden, "layer" + (i - 1));
                built.add(d);
                shape = d.outputShape();
            }
        } else {
            for (int i = 0; i < tokens.length; i++) {
                boolean last = i == tokens.length - 1, beforeBn = !last && tokens[i + 1].equals("bn");
                Layer l = layer(tokens[i], shape, i, last ? output : beforeBn ? new Activation.Linear() : hidden, dry, count);
                built.add(l);
                shape = l.outputShape();
            }
        }
        if (built.isEmpty()) throw new BadInputException("the architecture '" + layers + "' has no layers.");
        if (!tokens[tokens.length - 1].matches("fc\\d+|\\d+"))
            throw new BadInputException("the architecture '" + layers + "' must end with a dense layer (fcN) that gives the outputs.");
        return built;
    }

    /** In a dry run, the place of a layer with parameters: it holds nothing and gives the shape that layer would. */
    private static Layer standIn(Shape out) { return new Dropout(out, 0f); }

    /** A network that would hold more parameters than allowed here: {@code needed} of them. */
    public static final class TooLarge extends BadInputException {
        public final long needed;
        TooLarge(String message, long needed) { super(message); this.needed = needed; }
    }

    /** "1.2 GB" or "40 MB". */
    public static String gigabytes(long bytes) {
        return bytes >= 1e9 ? String.format("%.1f GB", bytes / 1e9) : String.format("%.0f MB", Math.ceil(bytes / 1e6));
    }

    /** Σ (n_in · n_out + n_out) over the layers of a size list such as 784-16-16-10 (13,002); -1 for a layer chain. */
    public long sizeListParameters() {
        if (!isSizeList()) return -1;
        String[] tokens = layers.split("-+");
        long n = 0;
        for (int i = 1; i < tokens.length; i++) {
            long in, out;
            try { in = Long.parseLong(tokens[i - 1]); out = Long.parseLong(tokens[i]); }
            catch (NumberFormatException e) { return Long.MAX_VALUE; }
            n = Math.addExact(n, Math.addExact(Math.multiplyExact(in, out), out));
        }
        return n;
    }

    /** The most values one layer may produce per example, or hold as weights (so batches fit in memory). */
    static final long MAX_VALUES = 20_000_000;
    private static final java.util.regex.Pattern CONV = java.util.regex.Pattern.compile("conv(\\d+)x(\\d+)x(\\d+)((?:[sp]\\d+)*)");
    private static final java.util.regex.Pattern POOL = java.util.regex.Pattern.compile("(max|avg)?pool(\\d+)(?:s(\\d+))?");

    /**
     * One token of the chain form, given the shape it receives:
     * <ul>
     *   <li>{@code convKxKxN}: N filters of K x K, stride 1, padding K/2 ("same": 28x28 stays 28x28 for odd K);
     *       suffixes {@code sS} (stride) and {@code pP} (padding) in any order, e.g. {@code conv5x5x32p0}
     *       (no padding, 28x28 → 24x24) or {@code conv3x3x64s2p1};</li>
     *   <li>{@code poolN} = {@code maxpoolN}, {@code avgpoolN}: N x N windows, stride N (or {@code sS});</li>
     *   <li>{@code dropoutP}: drop each value with probability P while training, e.g. {@code dropout0.5};</li>
     *   <li>{@code bn}: batch normalisation of the layer before, then its activation;</li>
     *   <li>{@code flatten}: maps to one vector (fc flattens by itself);</li>
     *   <li>{@code deskew}: first only; straightens slanted digits and centres them ({@link Deskew});</li>
     *   <li>{@code widthN}: first only; stretches or squeezes each digit to N pixels wide ({@link NormaliseWidth});</li>
     *   <li>{@code fcN}: dense, N neurons.</li>
     * </ul>
     */
    private Layer layer(String token, Shape in, int index, Activation activation, boolean dry, long[] count) {
        String name = "layer" + index, which = "layer " + (index + 1) + " '" + token + "'";
        if (token.matches("fc\\d+")) {
            int n = parseSize(token.substring(2), "neurons in " + which);
            if ((long) n * in.size() > MAX_VALUES) throw new BadInputException(which + " would need " + (long) n * in.size() + " weights; the limit is " + MAX_VALUES + ".");
            count[0] += (long) n * in.size() + n;
            return dry ? standIn(Shape.vector(n)) : new Dense(in.size(), n, activation, name);
        }
        if (token.equals("flatten")) return new Flatten(in);
        if (token.equals("deskew")) {
            requireFirstOnImages(which, index, in, "straightens");
            return new Deskew(in);
        }
        if (token.matches("width\\d+")) {
            int width = parseSize(token.substring(5), "width in " + which);
            requireFirstOnImages(which, index, in, "resizes");
            if (width > in.width()) throw new BadInputException(which + " asks for digits " + width + " pixels wide, but its input is only " + in.width() + " pixels wide.");
            return new NormaliseWidth(in, width);
        }
        if (token.equals("bn")) {
            if (index == 0) throw new BadInputException(which + " must follow a conv or fc layer, whose outputs it normalises.");
            count[0] += 4L * in.channels();   // γ, β, running mean and variance
            if (dry) return standIn(in);
            return new BatchNorm(in, activation, name);
        }
        if (token.startsWith("dropout")) {
            float p;
            try { p = Float.parseFloat(token.substring(7)); }
            catch (NumberFormatException e) { throw new BadInputException(which + " needs a probability, as in dropout0.5."); }
            if (!(p >= 0 && p < 1)) throw new BadInputException(which + " needs a probability in [0, 1), not " + p + ".");
            return new Dropout(in, p);
        }
        var conv = CONV.matcher(token);
        if (conv.matches()) {
            int kh = parseSize(conv.group(1), "kernel height in " + which), kw = parseSize(conv.group(2), "kernel width in " + which);
            if (kh != kw) throw new BadInputException(which + " has a " + kh + "x" + kw + " kernel; only square kernels are supported, e.g. conv5x5x32.");
            int filters = parseSize(conv.group(3), "number of filters in " + which), stride = 1, padding = kh / 2;
            var suffix = java.util.regex.Pattern.compile("([sp])(\\d+)").matcher(conv.group(4));
            while (suffix.find()) {
                int v = Integer.parseInt(suffix.group(2));
                if (suffix.group(1).equals("s")) stride = v; else padding = v;
            }
            if (stride < 1 || stride > kh) throw new BadInputException(which + " has stride " + stride + "; use a stride from 1 to the kernel size " + kh + ".");
            if (padding >= kh) throw new BadInputException(which + " has padding " + padding + "; padding must be smaller than the kernel size " + kh + ".");
            if (in.height() + 2 * padding < kh || in.width() + 2 * padding < kh)
                throw new BadInputException(which + " has a " + kh + "x" + kh + " kernel but its input is only " + in.height() + "x" + in.width()
                        + (padding > 0 ? " (" + (in.height() + 2 * padding) + "x" + (in.width() + 2 * padding) + " with padding " + padding + ")" : "")
                        + " with " + in.channels() + " channel(s); use a smaller kernel, more padding or fewer pooling layers before it.");
            long outputs = (long) filters * ConvKernels.outputSize(in.height(), kh, stride, padding) * ConvKernels.outputSize(in.width(), kh, stride, padding);
            long weights = (long) filters * in.channels() * kh * kh;
            if (outputs > MAX_VALUES || weights > MAX_VALUES)
                throw new BadInputException(which + " would make " + Math.max(outputs, weights) + " values per example or weights; the limit is " + MAX_VALUES + ".");
            count[0] += weights + filters;
            if (dry) return standIn(new Shape(filters, ConvKernels.outputSize(in.height(), kh, stride, padding), ConvKernels.outputSize(in.width(), kh, stride, padding)));
            return new Conv2d(in, filters, kh, stride, padding, activation, name);
        }
        var pool = POOL.matcher(token);
        if (pool.matches()) {
            int size = parseSize(pool.group(2), "window of " + which);
            int stride = pool.group(3) == null ? size : parseSize(pool.group(3), "stride of " + which);
            if (size > in.height() || size > in.width())
                throw new BadInputException(which + " pools " + size + "x" + size + " windows but its input is only " + in.height() + "x" + in.width() + "; remove a pooling layer or use a smaller window.");
            return new Pool("avg".equals(pool.group(1)) ? Pool.Kind.AVG : Pool.Kind.MAX, in, size, stride);
        }
        throw new BadInputException(which + " is not a layer: use convKxKxN[sS][pP], poolN, maxpoolN, avgpoolN, dropoutP, bn, flatten, deskew, widthN or fcN.");
    }

    /** An input normalisation ({@link InputNormalisation}) redraws the image itself: first, on one channel. */
    private static void requireFirstOnImages(String which, int index, Shape in, String verb) {
        if (index != 0) throw new BadInputException(which + " must come first: it " + verb + " the input image.");
        if (in.channels() != 1 || in.height() < 2 || in.width() < 2)
            throw new BadInputException(which + " " + verb + " one-channel images, but its input is " + in + ".");
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
