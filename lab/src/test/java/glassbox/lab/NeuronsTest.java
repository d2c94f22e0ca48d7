package glassbox.lab;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Dense;
import glassbox.engine.Initializer;
import glassbox.engine.Network;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Looking inside, the one way the inspector and the reports share: effective maps and each unit's favourite images. */
class NeuronsTest {

    static Network sigmoidNet(String layers, long seed) {
        Cost cost = new Cost.Quadratic();
        return Network.create(new Architecture(layers, Mnist.SHAPE, new Activation.Sigmoid(), cost.defaultOutput(), cost), Initializer.NORMAL, seed);
    }

    static Dataset randomImages(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        return Dataset.classification("random", x, new int[n], Mnist.SHAPE, 10);
    }

    @Test void the_second_layers_effective_map_is_w2_times_w1() {
        Network net = sigmoidNet("784-3-2-10", 5);
        float[] w1 = ((Dense) net.layers.get(0)).w(), w2 = ((Dense) net.layers.get(1)).w();
        List<float[]> maps = Neurons.effectiveMaps(net);
        assertThat(maps).hasSize(3);
        assertThat(maps.get(0)).containsExactly(w1);
        double worst = 0;
        for (int j = 0; j < 2; j++)
            for (int p = 0; p < 784; p++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) sum += (double) w2[j * 3 + k] * w1[k * 784 + p];
                worst = Math.max(worst, Math.abs(sum - maps.get(1)[j * 784 + p]));
            }
        assertThat(worst).as("largest gap to the product in double").isLessThan(1e-5);
        assertThat(maps.get(2)).hasSize(10 * 784);
    }

    @Test void neurons_are_ranked_by_z_where_sigmoid_saturates_to_equal_activations() {
        Network net = sigmoidNet("784-4-10", 3);
        float[] w = ((Dense) net.layers.getFirst()).w();
        for (int k = 0; k < 784; k++) w[k] = 0.5f;   // neuron 0 sums the pixels: z near 196, σ(z) is exactly 1.0 for every image
        Dataset images = randomImages(100, 9);
        Neurons.Favourites f = Neurons.favourites(net, images, 10, null);

        Dense first = (Dense) net.layers.getFirst();   // the reference: every image's z and a, sorted by z, ties by index
        float[] z = new float[100 * 4], a = new float[100 * 4];
        for (int start = 0; start < 100; start += Neurons.SLICE) {   // in the same slices: a sum's last bit depends on the batch size
            int n = Math.min(Neurons.SLICE, 100 - start);
            net.feedforward(Arrays.copyOfRange(images.inputs(), start * 784, (start + n) * 784), n);
            System.arraycopy(first.z, 0, z, start * 4, n * 4);
            System.arraycopy(first.a, 0, a, start * 4, n * 4);
        }
        int[] expected = IntStream.range(0, 100).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -z[i * 4]).thenComparing(i -> i)).limit(10).mapToInt(i -> i).toArray();
        assertThat(f.indices(0, 0)).containsExactly(expected);
        for (int r = 0; r < 10; r++) assertThat(f.score()[0][0][r]).isEqualTo(z[expected[r] * 4]);
        assertThat(a[expected[0] * 4]).as("σ(z) saturates, so activations could not order these").isEqualTo(a[expected[9] * 4]).isEqualTo(1f);
        assertThat(f.score()[0][0][0]).isGreaterThan(f.score()[0][0][9]);
    }

    @Test void equal_scores_keep_the_earlier_image_first_across_slices() {
        Dataset images = randomImages(70, 4);
        System.arraycopy(images.inputs(), 5 * 784, images.inputs(), 40 * 784, 784);   // image 40 (second slice) is image 5 again
        Network net = sigmoidNet("784-6-10", 2);
        Neurons.Favourites f = Neurons.favourites(net, images, 70, null);
        for (int u = 0; u < 6; u++) {
            int[] order = f.indices(0, u);
            assertThat(order).hasSize(70);
            int at = Arrays.stream(order).boxed().toList().indexOf(5);
            assertThat(order[at + 1]).as("unit %d: the twin right behind", u).isEqualTo(40);
        }
        assertThat(Neurons.favourites(net, images.slice(0, 3), 12, null).indices(0, 0)).as("fewer images than kept").hasSize(3);
    }

    @Test void a_slice_callback_sees_every_image_once_with_the_outputs() {
        Network net = sigmoidNet("784-5-10", 1);
        Dataset images = randomImages(Neurons.SLICE * 2 + 7, 6);
        int[] seen = new int[images.size()];
        float[] out = new float[images.size() * 10];
        Neurons.favourites(net, images, 3, (start, count, o) -> {
            for (int b = start; b < start + count; b++) seen[b]++;
            System.arraycopy(o, 0, out, start * 10, count * 10);
        });
        assertThat(seen).containsOnly(1);
        float[] whole = net.feedforward(images.inputs(), images.size());
        for (int i = 0; i < out.length; i++) assertThat(out[i]).isCloseTo(whole[i], within(1e-5f));
    }

    @Test void uniform_noise_is_the_same_for_the_same_seed_and_fills_0_to_1() {
        float[] a = Noise.uniform(42), b = Noise.uniform(42), c = Noise.uniform(43);
        assertThat(a).containsExactly(b).hasSize(784);
        assertThat(a).isNotEqualTo(c);
        double mean = 0;
        for (float v : a) { assertThat(v).isBetween(0f, 1f); mean += v / 784; }
        assertThat(mean).isCloseTo(0.5, within(0.05));
    }
}
