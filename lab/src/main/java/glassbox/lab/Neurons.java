package glassbox.lab;

import glassbox.engine.Dataset;
import glassbox.engine.Dense;
import glassbox.engine.Layer;
import glassbox.engine.Network;
import glassbox.engine.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Looking inside a network, one way for the digit lab's inspector and the experiments' reports: each
 * leading dense layer's maps over the pixels, and the test images each unit responds to most.
 */
public final class Neurons {
    /** Images per forward pass while scanning: a conv net's buffers take about 1 MB an image. */
    public static final int SLICE = 32;

    private Neurons() {}

    /**
     * For the dense layers at the start of a network over 784 pixels, each unit's map over the pixels,
     * units x 784 row by row: the first layer's own weights W1, then W2·W1, W3·W2·W1 ... (the effective
     * map Σ_k w_jk · map_k, a linear reading that ignores σ and the biases in between). Empty otherwise.
     */
    public static List<float[]> effectiveMaps(Network net) {
        List<float[]> maps = new ArrayList<>();
        if (net.inputSize() != 784) return maps;
        float[] previous = null;
        for (Layer l : net.layers) {
            if (!(l instanceof Dense d)) break;
            float[] w = d.w(), m = previous == null ? w.clone() : new float[d.fanOut * 784];
            if (previous != null)
                for (int j = 0; j < d.fanOut; j++)
                    for (int k = 0; k < d.fanIn; k++) {
                        float wjk = w[j * d.fanIn + k];
                        for (int p = 0; p < 784; p++) m[j * 784 + p] += wjk * previous[k * 784 + p];
                    }
            maps.add(m);
            previous = m;
        }
        return maps;
    }

    /** A layer's units: a vector's values, or a stack of maps' channels. */
    public static int units(Layer l) {
        Shape s = l.outputShape();
        return s.isVector() ? s.size() : s.channels();
    }

    /**
     * For each unit of each layer, the images it responds to most, best first: index[layer][unit][rank]
     * (-1 where there were fewer images) and the score that ranked it.
     */
    public record Favourites(int[][][] index, float[][][] score) {
        /** A unit's favourite images, best first. */
        public int[] indices(int layer, int unit) { return Arrays.stream(index[layer][unit]).filter(i -> i >= 0).toArray(); }
    }

    /** Called after each slice's forward pass with its first image, its size and the network's output (the layers keep theirs). */
    public interface AfterSlice { void seen(int start, int count, float[] out); }

    /**
     * Runs every image through net, SLICE at a time, keeping each unit's {@code keep} favourites. A neuron is
     * ranked by its weighted input z, not its activation σ(z): σ is monotone, so the two agree, except that
     * sigmoid rounds to exactly 1.0 for many images and z still orders them. A feature map is ranked by the
     * mean of its activation over its positions (a mean of z would count the positions ReLU silences).
     * Ties go to the lower index. Every caller slices the same way, so all compute the same z to the last bit
     * (a sum's rounding depends on the batch size) and show the same images for a unit.
     */
    public static Favourites favourites(Network net, Dataset images, int keep, AfterSlice each) {
        int layers = net.layers.size(), in = images.inputSize();
        int[][][] index = new int[layers][][];
        float[][][] score = new float[layers][][];
        for (int li = 0; li < layers; li++) {
            int units = units(net.layers.get(li));
            index[li] = new int[units][keep];
            score[li] = new float[units][keep];
            for (int[] r : index[li]) Arrays.fill(r, -1);
            for (float[] r : score[li]) Arrays.fill(r, Float.NEGATIVE_INFINITY);
        }
        float[] x = new float[SLICE * in];
        for (int start = 0; start < images.size(); start += SLICE) {
            int m = Math.min(SLICE, images.size() - start);
            System.arraycopy(images.inputs(), start * in, x, 0, m * in);
            float[] out = net.feedforward(x, m);
            for (int li = 0; li < layers; li++) {
                Layer l = net.layers.get(li);
                Shape s = l.outputShape();
                float[] v = s.isVector() && l instanceof Dense d ? d.z : l.output();
                int units = index[li].length, per = s.isVector() ? 1 : s.height() * s.width(), size = s.size();
                for (int b = 0; b < m; b++)
                    for (int u = 0; u < units; u++) {
                        float sum = 0;
                        for (int q = 0; q < per; q++) sum += v[b * size + u * per + q];
                        insert(index[li][u], score[li][u], start + b, sum / per);
                    }
            }
            if (each != null) each.seen(start, m, out);
        }
        return new Favourites(index, score);
    }

    /** Keeps the largest scores, largest first; an equal score stays behind the earlier image. */
    private static void insert(int[] idx, float[] val, int i, float v) {
        int n = val.length;
        if (n == 0 || !(v > val[n - 1])) return;
        int r = n - 1;
        while (r > 0 && val[r - 1] < v) { val[r] = val[r - 1]; idx[r] = idx[r - 1]; r--; }
        val[r] = v;
        idx[r] = i;
    }
}
