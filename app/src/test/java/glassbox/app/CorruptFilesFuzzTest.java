package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Committee;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Initializer;
import glassbox.engine.Json;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static glassbox.app.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of every file Glassbox reads: a few hundred model, IDX and picture files, each corrupted
 * (bits flipped, bytes overwritten, cut short, grown, header fields set to extremes), read through the
 * command as a user would. Each run ends with exit 0 (the damage was harmless, e.g. in a model's provenance
 * or a pixel) or exit 2 with one sentence; never another status, never a stack trace, never out of memory.
 * A failure names the seed, the case and the damage, so it can be replayed.
 */
class CorruptFilesFuzzTest {
    static final long SEED = 20_261_205;
    static final Path MODEL = Path.of("..", "models", "mlp-16-16.gbx");
    @TempDir static Path dir;
    static List<Base> models = new ArrayList<>(), idx = new ArrayList<>(), pictures = new ArrayList<>();
    static Path digit;

    /** A file to corrupt: its name (the ending matters to readers) and its good bytes. */
    record Base(String name, byte[] bytes) {}

    @BeforeAll static void goodFiles() throws IOException {
        models.add(new Base("mlp.gbx", Files.readAllBytes(MODEL)));
        Architecture cnn = new Architecture("conv3x3x4-bn-pool2-fc10", Mnist.SHAPE, new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
        ModelFile.save(Network.create(cnn, Initializer.HE, 1), Map.of("note", "fuzz"), dir.resolve("cnn.gbx"));
        models.add(new Base("cnn.gbx", Files.readAllBytes(dir.resolve("cnn.gbx"))));
        Architecture small = new Architecture("784-8-10", Mnist.SHAPE, new Activation.Sigmoid(), new Activation.Sigmoid(), new Cost.Quadratic());
        ModelFile.save(new Committee(List.of(Network.create(small, Initializer.NORMAL, 1), Network.create(small, Initializer.NORMAL, 2))), Map.of(), dir.resolve("committee.gbx"));
        models.add(new Base("committee.gbx", Files.readAllBytes(dir.resolve("committee.gbx"))));

        Dataset test = Mnist.loadTest("mnist");
        int n = 40;
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        images.writeBytes(ByteBuffer.allocate(16).putInt(2051).putInt(n).putInt(28).putInt(28).array());
        for (int i = 0; i < n * 784; i++) images.write(Math.round(test.inputs()[i] * 255));
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        labels.writeBytes(ByteBuffer.allocate(8).putInt(2049).putInt(n).array());
        for (int i = 0; i < n; i++) labels.write(test.labels()[i]);
        idx.add(new Base("t10k-images-idx3-ubyte", images.toByteArray()));
        idx.add(new Base("t10k-labels-idx1-ubyte", labels.toByteArray()));
        idx.add(new Base("t10k-images-idx3-ubyte.gz", gzip(images.toByteArray())));
        idx.add(new Base("t10k-labels-idx1-ubyte.gz", gzip(labels.toByteArray())));

        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), photo = new BufferedImage(112, 84, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 84; y++)
            for (int x = 0; x < 112; x++) {
                int v = Math.round(test.input(0)[Math.min(27, y / 3) * 28 + Math.min(27, x / 4)] * 255);
                if (x < 28 && y < 28) grey.getRaster().setSample(x, y, 0, Math.round(test.input(0)[y * 28 + x] * 255));
                photo.setRGB(x, y, (255 - v) * 0x010101);
            }
        for (String format : List.of("png", "jpg", "gif", "bmp")) pictures.add(new Base("photo." + format, encode(photo, format)));
        pictures.add(new Base("grey.png", encode(grey, "png")));
        digit = dir.resolve("digit.png");
        Files.write(digit, encode(grey, "png"));
    }

    @Test void corrupted_model_files_give_one_sentence_or_a_working_model() throws IOException {
        Random random = new Random(SEED);
        int refused = 0, cases = 150;
        for (int i = 0; i < cases; i++) {
            Base base = models.get(i % models.size());
            Damage d = i % 3 == 2 ? editModelHeader(base.bytes, random) : damage(base.bytes, random);
            Path f = dir.resolve("fuzz-" + base.name);
            Files.write(f, d.bytes);
            refused += check(run("predict", f.toString(), digit.toString()), "model case " + i + " (" + base.name + ", " + d.what + ")");
        }
        assertThat(refused).as("corrupted models refused, of " + cases).isGreaterThan(cases * 3 / 4);
    }

    @Test void corrupted_idx_files_give_one_sentence_or_a_working_data_set() throws IOException {
        Random random = new Random(SEED + 1);
        int refused = 0, cases = 120;
        for (int i = 0; i < cases; i++) {
            Path folder = dir.resolve("idx-" + i);
            Files.createDirectories(folder);
            Base images = idx.get(i % 2 == 0 ? 0 : 2), labels = idx.get(i % 2 == 0 ? 1 : 3);
            boolean hitImages = random.nextBoolean();
            Base target = hitImages ? images : labels;
            Damage d = random.nextInt(3) == 0 && !target.name.endsWith(".gz") ? editIdxHeader(target.bytes, random) : damage(target.bytes, random);
            Files.write(folder.resolve(images.name), hitImages ? d.bytes : images.bytes);
            Files.write(folder.resolve(labels.name), hitImages ? labels.bytes : d.bytes);
            refused += check(run("eval", MODEL.toString(), "--data", folder.toString()), "IDX case " + i + " (" + target.name + ", " + d.what + ")");
        }
        assertThat(refused).as("corrupted IDX files refused, of " + cases).isGreaterThan(cases / 2);
    }

    @Test void corrupted_pictures_give_one_sentence_or_a_reading() throws IOException {
        Random random = new Random(SEED + 2);
        int refused = 0, cases = 150;
        for (int i = 0; i < cases; i++) {
            Base base = pictures.get(i % pictures.size());
            Damage d = base.name.endsWith(".png") && random.nextInt(4) == 0 ? editPngSize(base.bytes, random) : damage(base.bytes, random);
            Path f = dir.resolve("fuzz-" + base.name);
            Files.write(f, d.bytes);
            refused += check(run("predict", MODEL.toString(), f.toString(), "--json"), "picture case " + i + " (" + base.name + ", " + d.what + ")");
        }
        assertThat(refused).as("corrupted pictures refused, of " + cases).isGreaterThan(cases / 4);
    }

    /** Exit 0, or exit 2 with one sentence; no stack trace either way. Returns 1 when refused. */
    static int check(CliRun r, String what) {
        String c = "seed " + SEED + ", " + what + ": exit " + r.code() + ", stderr: " + r.err();
        assertThat(r.err()).as(c).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Error:");
        assertThat(r.code()).as(c).isIn(0, 2);
        if (r.code() == 0) return 0;
        List<String> lines = r.err().lines().toList();
        assertThat(lines).as(c).hasSize(1);
        assertThat(lines.getFirst()).as(c).startsWith("glassbox: ").endsWith(".");
        return 1;
    }

    /** Corrupted bytes and what was done to them. */
    record Damage(byte[] bytes, String what) {}

    /** One of: bits flipped, a run of bytes overwritten, cut short, bytes inserted, a run deleted; half the time in the first 512 bytes, where headers are. */
    static Damage damage(byte[] good, Random random) {
        byte[] b = good.clone();
        int span = random.nextBoolean() ? Math.min(512, b.length) : b.length, at = random.nextInt(span);
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips; k++) b[random.nextInt(span)] ^= (byte) (1 << random.nextInt(8));
                return new Damage(b, flips + " bits flipped");
            }
            case 1 -> {
                int n = 1 + random.nextInt(16);
                byte fill = (byte) new int[] {0, 0xff, 0x7f, random.nextInt(256)}[random.nextInt(4)];
                for (int k = at; k < Math.min(b.length, at + n); k++) b[k] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : fill;
                return new Damage(b, n + " bytes overwritten at " + at);
            }
            case 2 -> { return new Damage(Arrays.copyOf(b, at), "cut to " + at + " bytes"); }
            case 3 -> {
                byte[] extra = new byte[1 + random.nextInt(32)];
                random.nextBytes(extra);
                byte[] grown = new byte[b.length + extra.length];
                System.arraycopy(b, 0, grown, 0, at);
                System.arraycopy(extra, 0, grown, at, extra.length);
                System.arraycopy(b, at, grown, at + extra.length, b.length - at);
                return new Damage(grown, extra.length + " bytes inserted at " + at);
            }
            default -> {
                int n = Math.min(b.length - at, 1 + random.nextInt(64));
                byte[] shrunk = new byte[b.length - n];
                System.arraycopy(b, 0, shrunk, 0, at);
                System.arraycopy(b, at + n, shrunk, at, b.length - at - n);
                return new Damage(shrunk, n + " bytes deleted at " + at);
            }
        }
    }

    static final String[] EXTREMES = {"-1", "0", "1e300", "2147483648", "99999999999999999999", "\"7\"", "null", "[]", "{}", "true", "-0.5", "3.5"};

    /**
     * A forger's edit: one value of the JSON header (a number, a string) replaced by an extreme, and the
     * header checksum dropped, as in files written before it, so the checks behind it are reached.
     */
    @SuppressWarnings("unchecked")
    static Damage editModelHeader(byte[] good, Random random) {
        int n = (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(good, 8, n, StandardCharsets.UTF_8));
        ((Map<String, Object>) header.get("__metadata__")).remove("header_crc32");
        String text = Json.write(header);
        var tokens = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?|\"[^\"]*\"(?=[,}\\]])").matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (tokens.find()) spans.add(new int[] {tokens.start(), tokens.end()});
        int[] s = spans.get(random.nextInt(spans.size()));
        String extreme = EXTREMES[random.nextInt(EXTREMES.length)];
        String edited = text.substring(0, s[0]) + extreme + text.substring(s[1]);
        byte[] h = edited.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + good.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(good, 8 + n, good.length - 8 - n);
        return new Damage(out.array(), "header value " + text.substring(s[0], s[1]) + " at " + s[0] + " set to " + extreme);
    }

    static final int[] EXTREME_INTS = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 24, 27, 29, 4097, 65536};

    /** An IDX header field (magic, count, rows or cols) set to an extreme. */
    static Damage editIdxHeader(byte[] good, Random random) {
        byte[] b = good.clone();
        int fields = good.length >= 16 && ByteBuffer.wrap(good).getInt() == 2051 ? 4 : 2, field = random.nextInt(fields);
        int v = EXTREME_INTS[random.nextInt(EXTREME_INTS.length)];
        ByteBuffer.wrap(b).putInt(4 * field, v);
        return new Damage(b, "header field " + field + " set to " + v);
    }

    /** A PNG's declared width or height (IHDR) set to an extreme, with the chunk's CRC made right again. */
    static Damage editPngSize(byte[] good, Random random) {
        byte[] b = good.clone();
        int v = EXTREME_INTS[random.nextInt(EXTREME_INTS.length)] , field = random.nextInt(2);
        if (random.nextBoolean()) v = 40_000;
        ByteBuffer.wrap(b).putInt(16 + 4 * field, v);
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        ByteBuffer.wrap(b).putInt(29, (int) crc.getValue());
        return new Damage(b, (field == 0 ? "width" : "height") + " set to " + v);
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) { gz.write(b); }
        return out.toByteArray();
    }
}
