package glassbox.data;

import glassbox.engine.BadInputException;
import glassbox.engine.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repository's MNIST copy is the canonical one, and bad IDX files are refused in one sentence. */
class MnistTest {
    static Mnist.Split mnist;
    @TempDir Path dir;

    @BeforeAll static void load() { mnist = Mnist.load("mnist"); }

    @Test void the_shipped_mnist_is_the_canonical_one() {
        Dataset train = mnist.training(), test = mnist.test();
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.labels()[0]).isEqualTo(5);
        assertThat(test.labels()[0]).isEqualTo(7);
        int[] counts = new int[10];
        for (int l : test.labels()) counts[l]++;
        assertThat(counts).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        double sum = 0, sq = 0;
        for (float v : train.inputs()) { sum += v; sq += v * v; }
        double mean = sum / train.inputs().length;
        assertThat(mean).isCloseTo(0.1307, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Math.sqrt(sq / train.inputs().length - mean * mean)).isCloseTo(0.3081, org.assertj.core.data.Offset.offset(1e-4));
    }

    static byte[] idx(int magic, int... dimsThenBytes) throws IOException {
        var out = new ByteArrayOutputStream();
        var d = new DataOutputStream(out);
        d.writeInt(magic);
        for (int v : dimsThenBytes) d.writeInt(v);
        return out.toByteArray();
    }

    /** Writes a tiny valid set of n blank images with labels 0..9 repeating, then lets a test break it. */
    Path writeSet(int n) throws IOException {
        byte[] header = idx(2051, n, 28, 28);
        byte[] images = Arrays.copyOf(header, header.length + n * 784);
        byte[] lh = idx(2049, n);
        byte[] labels = Arrays.copyOf(lh, lh.length + n);
        for (int i = 0; i < n; i++) labels[lh.length + i] = (byte) (i % 10);
        for (String p : new String[] {"train", "t10k"}) {
            Files.write(dir.resolve(p + "-images-idx3-ubyte"), images);
            Files.write(dir.resolve(p + "-labels-idx1-ubyte"), labels);
        }
        return dir;
    }

    @Test void a_folder_of_idx_files_loads() throws IOException {
        Mnist.Split s = Mnist.load(writeSet(20).toString());
        assertThat(s.training().size()).isEqualTo(20);
        assertThat(s.test().labels()[13]).isEqualTo(3);
    }

    @Test void a_truncated_image_file_is_refused() throws IOException {
        writeSet(20);
        Path f = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> Mnist.load(dir.toString())).isInstanceOf(BadInputException.class).hasMessageContaining("truncated");
    }

    @Test void a_wrong_magic_number_is_refused() throws IOException {
        writeSet(20);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idx(2051, 0));
        assertThatThrownBy(() -> Mnist.loadTest(dir.toString())).isInstanceOf(BadInputException.class).hasMessageContaining("magic number 2051");
    }

    @Test void a_corrupt_gzip_is_refused() throws IOException {
        writeSet(20);
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertThatThrownBy(() -> Mnist.loadTraining(dir.toString())).isInstanceOf(BadInputException.class).hasMessageContaining("gzip");
    }

    @Test void labels_and_images_that_disagree_are_refused() throws IOException {
        writeSet(20);
        byte[] lh = idx(2049, 19);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Arrays.copyOf(lh, lh.length + 19));
        assertThatThrownBy(() -> Mnist.loadTest(dir.toString())).isInstanceOf(BadInputException.class).hasMessageContaining("disagree");
    }

    @Test void missing_files_and_unknown_sources_are_refused() {
        assertThatThrownBy(() -> Mnist.load(dir.toString())).isInstanceOf(BadInputException.class).hasMessageContaining("has no");
        assertThatThrownBy(() -> Mnist.load("no-such-place")).isInstanceOf(BadInputException.class).hasMessageContaining("--data");
    }

    /** A 3 MB gzip declaring 2^31 images took 6 GB: the declared size is checked first, then only what arrives is kept. */
    @Test void a_small_gzip_declaring_billions_of_images_is_refused_without_reading_it_all() throws IOException {
        writeSet(20);
        Files.delete(dir.resolve("train-images-idx3-ubyte"));
        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(gz, gzip(idx(2051, Integer.MAX_VALUE, 28, 28), 10_000_000));
        assertThatThrownBy(() -> Idx.readImages(gz)).isInstanceOf(BadInputException.class).hasMessageContaining("declares 2147483647 images");
        Files.write(gz, gzip(idx(2051, 2_000_000, 28, 28), 10_000_000));
        assertThatThrownBy(() -> Idx.readImages(gz)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("should hold 1568000000 pixel bytes").hasMessageContaining("holds 10000000");
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        Files.write(labels, idx(2049, Integer.MAX_VALUE));
        assertThatThrownBy(() -> Idx.readLabels(labels)).isInstanceOf(BadInputException.class).hasMessageContaining("holds 0 bytes");
    }

    @Test void an_uncompressed_file_is_checked_against_its_length_before_reading() throws IOException {
        writeSet(20);
        Path f = dir.resolve("train-images-idx3-ubyte");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length + 5));
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(BadInputException.class).hasMessageContaining("holds " + (20 * 784 + 5));
    }

    /** header followed by zeros zero bytes, gzipped. */
    private static byte[] gzip(byte[] header, int zeros) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(header);
            gz.write(new byte[zeros]);
        }
        return out.toByteArray();
    }
}
