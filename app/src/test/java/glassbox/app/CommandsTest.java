package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static glassbox.app.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The glassbox command as a user runs it: exit codes, --json last lines, one-sentence errors. */
class CommandsTest {
    static final Path MODEL = Path.of("..", "models", "mlp-16-16.gbx");
    @TempDir static Path dir;
    static Path small;

    /** A small MNIST in IDX form: 3,000 training and 500 test images from the real files. */
    @BeforeAll static void smallMnist() throws IOException {
        small = dir.resolve("small");
        Files.createDirectories(small);
        Mnist.Split s = Mnist.load("mnist");
        writeIdx(s.training(), 3000, "train");
        writeIdx(s.test(), 500, "t10k");
    }

    static void writeIdx(Dataset d, int n, String prefix) throws IOException { writeIdx(d, n, prefix, small); }

    static void writeIdx(Dataset d, int n, String prefix, Path small) throws IOException {
        Files.createDirectories(small);
        var img = new ByteArrayOutputStream();
        var di = new DataOutputStream(img);
        di.writeInt(2051); di.writeInt(n); di.writeInt(28); di.writeInt(28);
        for (int i = 0; i < n * 784; i++) di.writeByte(Math.round(d.inputs()[i] * 255));
        Files.write(small.resolve(prefix + "-images-idx3-ubyte"), img.toByteArray());
        var lab = new ByteArrayOutputStream();
        var dl = new DataOutputStream(lab);
        dl.writeInt(2049); dl.writeInt(n);
        for (int i = 0; i < n; i++) dl.writeByte(d.labels()[i]);
        Files.write(small.resolve(prefix + "-labels-idx1-ubyte"), lab.toByteArray());
    }

    /** The README promises `glassbox COMMAND --help`: every command lists its options (and exits 0). */
    @Test void every_command_answers_help_with_its_options() {
        for (String command : List.of("train", "eval", "predict", "bench", "serve", "experiment")) {
            var r = run(command, "--help");
            assertThat(r.code()).as(command + " --help exit code").isZero();
            assertThat(r.out()).as(command + " --help").contains("Usage: glassbox " + command).contains("--help");
        }
    }

    @Test void train_learns_saves_and_ends_with_the_contract_json() {
        Path out = dir.resolve("t.gbx");
        CliRun r = run("train", "--layers", "784,16,10", "--epochs", "3", "--batch", "10", "--lr", "3.0", "--seed", "1",
                "--data", small.toString(), "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> j = r.json();
        assertThat(j).containsKeys("test_accuracy", "epochs", "train_seconds", "seconds_per_epoch", "parameters", "model");
        assertThat((Double) j.get("test_accuracy")).isGreaterThan(0.7);
        assertThat(j.get("parameters")).isEqualTo(12_730.0);
        assertThat(j.get("model")).isEqualTo(out.toString());
        assertThat(out).exists();
        assertThat(glassbox.engine.ModelFile.load(out).provenance().get("command"))
                .as("the command in the provenance, as typed").isEqualTo("glassbox train --layers 784,16,10 --epochs 3 --batch 10 --lr 3.0 --seed 1 --data "
                        + small + " --out " + out + " --json");
        CliRun e = run("eval", out.toString(), "--data", small.toString(), "--json");
        assertThat(e.json().get("test_accuracy")).isEqualTo(j.get("test_accuracy"));
    }

    /** --ema and --schedule exp: the file holds the averaged weights (eval scores what training reported) and says how it was made. */
    @Test void training_with_ema_saves_the_averaged_weights_and_records_both_options() {
        Path out = dir.resolve("ema.gbx");
        CliRun r = run("train", "--layers", "784,16,10", "--epochs", "3", "--batch", "10", "--lr", "3.0", "--ema", "0.99", "--schedule", "exp:0.9",
                "--data", small.toString(), "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> j = r.json();
        assertThat((Double) j.get("test_accuracy")).isGreaterThan(0.7);
        assertThat(j.get("test_accuracy")).as("the last epoch scored the averaged weights").isEqualTo(((List<?>) j.get("test_accuracy_per_epoch")).getLast());
        CliRun e = run("eval", out.toString(), "--data", small.toString(), "--json");
        assertThat(e.json().get("test_accuracy")).isEqualTo(j.get("test_accuracy"));
        Map<String, Object> provenance = glassbox.engine.ModelFile.load(out).provenance();
        assertThat(provenance.get("ema")).isEqualTo(0.99);
        assertThat(provenance.get("schedule")).isEqualTo("exp:0.9");
        assertThat(run("train", "--help").out()).contains("--ema").contains("exp:GAMMA");
    }

    @Test void the_same_seed_gives_the_same_accuracy() {
        String[] args = {"train", "--layers", "784,10,10", "--epochs", "1", "--seed", "7", "--data", small.toString(), "--json"};
        assertThat(run(args).json().get("test_accuracy")).isEqualTo(run(args).json().get("test_accuracy"));
    }

    @Test void eval_of_the_shipped_model_gives_accuracy_per_class_and_confusion() {
        CliRun r = run("eval", MODEL.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> j = r.json();
        assertThat((Double) j.get("test_accuracy")).isGreaterThan(0.93);
        assertThat((List<?>) j.get("per_class")).hasSize(10);
        List<?> confusion = (List<?>) j.get("confusion");
        assertThat(confusion).hasSize(10);
        double total = 0;
        for (Object row : confusion) for (Object v : (List<?>) row) total += (Double) v;
        assertThat(total).isEqualTo(10_000);
        assertThat(j.get("images")).isEqualTo(10_000.0);
        assertThat(r.out()).contains("confusion matrix");
    }

    /** Fashion-MNIST (Debian's dataset-fashion-mnist, installed by run-tests) reads through the same code. */
    @Test void eval_reads_fashion_mnist_too() {
        CliRun r = run("eval", MODEL.toString(), "--data", "fashion", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("images")).isEqualTo(10_000.0);
        assertThat((Double) r.json().get("test_accuracy")).as("a digit model on clothes is near chance").isLessThan(0.4);
    }

    /** MNIST test image 0 is a 7: drawn large as dark ink on white paper, predict must still read a 7. */
    @Test void predict_reads_a_seven_from_a_large_photo_like_png() throws IOException {
        float[] seven = Mnist.loadTest("mnist").input(0);
        BufferedImage img = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 280; y++)
            for (int x = 0; x < 280; x++) {
                int v = 255 - Math.round(seven[(y / 10) * 28 + x / 10] * 255);
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        Path png = dir.resolve("seven.png");
        ImageIO.write(img, "png", png.toFile());
        CliRun r = run("predict", MODEL.toString(), png.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("digit")).isEqualTo(7.0);
        List<?> p = (List<?>) r.json().get("probabilities");
        assertThat(p).hasSize(10);
        double sum = 0;
        for (Object v : p) sum += (Double) v;
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    static void assertOneSentenceError(CliRun r, String fragment) {
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> errors = r.err().lines().filter(l -> l.startsWith("glassbox: ")).toList();
        assertThat(errors).as(r.err()).hasSize(1);
        assertThat(errors.getFirst()).contains(fragment);
    }

    @Test void user_mistakes_get_one_sentence_and_exit_status_2() throws IOException {
        assertOneSentenceError(run("eval", dir.resolve("nope.gbx").toString()), "does not exist");
        Path junk = dir.resolve("junk.gbx");
        Files.writeString(junk, "not a model");
        assertOneSentenceError(run("eval", junk.toString()), "not a Glassbox model");
        Path notImage = dir.resolve("x.png");
        Files.writeString(notImage, "hello");
        assertOneSentenceError(run("predict", MODEL.toString(), notImage.toString()), "not an image");
        assertOneSentenceError(run("train", "--lr", "0", "--data", small.toString()), "learning rate");
        assertOneSentenceError(run("train", "--batch", "-5", "--data", small.toString()), "batch size");
        assertOneSentenceError(run("train", "--batch", "5000", "--epochs", "1", "--data", small.toString()), "larger than");
        assertOneSentenceError(run("train", "--layers", "784,-3,10", "--data", small.toString()), "layer");
        assertOneSentenceError(run("train", "--layers", "100,10", "--data", small.toString()), "784");
        assertOneSentenceError(run("train", "--activation", "wiggle", "--data", small.toString()), "wiggle");
        assertOneSentenceError(run("train", "--data", dir.resolve("nowhere").toString()), "--data");
        assertOneSentenceError(run("eval", MODEL.toString(), "--data", dir.toString()), "has no");
    }

    @Test void a_failed_training_leaves_an_existing_model_untouched() throws IOException {
        Path out = dir.resolve("keep.gbx");
        Files.copy(MODEL, out);
        byte[] before = Files.readAllBytes(out);
        CliRun r = run("train", "--layers", "784,16,10", "--epochs", "1", "--lr", "1e9", "--activation", "relu",
                "--output-activation", "linear", "--data", small.toString(), "--out", out.toString());
        assertOneSentenceError(r, "learning rate");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
    }

    /** Picocli's own mistakes (unknown option, bad number, missing argument) printed its 58-line usage. */
    @Test void mistyped_options_get_one_sentence_not_the_usage() {
        String m = MODEL.toString();
        List<String[]> mistakes = List.of(
                new String[] {"train", "--epochs", "ten"}, new String[] {"train", "--lr", "fast"}, new String[] {"train", "--seed", "1.5"},
                new String[] {"train", "--batch"}, new String[] {"train", "--wiggle"}, new String[] {"train", "extra"},
                new String[] {"eval"}, new String[] {"eval", m, "--data"}, new String[] {"eval", m, "--bogus"},
                new String[] {"predict", m}, new String[] {"predict"}, new String[] {"bench", "--bogus"},
                new String[] {"serve", "--port", "eighty"}, new String[] {"experiment"}, new String[] {"frobnicate"});
        for (String[] args : mistakes) {
            CliRun r = run(args);
            String typed = String.join(" ", args);
            assertThat(r.code()).as(typed).isEqualTo(2);
            assertThat(r.err().lines().toList()).as(typed).hasSize(1);
            assertThat(r.err()).as(typed).startsWith("glassbox: ").contains("--help").doesNotContain("Usage:");
        }
    }

    /** --out was checked only after training: an unwritable path lost the run. */
    @Test void an_unwritable_out_is_refused_before_training() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file.txt"), "x");
        for (Path out : List.of(file.resolve("m.gbx"), dir, dir.resolve("m.txt"))) {
            CliRun r = run("train", "--layers", "784,10,10", "--epochs", "1", "--data", small.toString(), "--out", out.toString());
            assertOneSentenceError(r, "--out");
            assertThat(r.err()).as("refused before loading the data").doesNotContain("loading");
        }
    }

    @Test void negative_or_nan_regularisation_and_null_augmentations_are_refused() {
        assertOneSentenceError(run("train", "--l2", "-1", "--data", small.toString()), "--l2");
        assertOneSentenceError(run("train", "--l2", "NaN", "--data", small.toString()), "--l2");
        assertOneSentenceError(run("train", "--l1", "-0.5", "--data", small.toString()), "--l1");
        assertOneSentenceError(run("train", "--augment", "elastic:0:0", "--data", small.toString()), "elastic:0:0");
        assertOneSentenceError(run("train", "--augment", "shift:1,shift:2", "--data", small.toString()), "twice");
        for (String ema : List.of("1", "-0.5", "NaN")) assertOneSentenceError(run("train", "--ema", ema, "--data", small.toString()), "--ema");
        for (String exp : List.of("exp:1.5", "exp:0", "exp:fast")) assertOneSentenceError(run("train", "--schedule", exp, "--data", small.toString()), "exp:0.98");
    }

    /** 784,100000,100000,10 died of memory: it is refused at once, saying what it would need. */
    @Test void a_network_too_large_is_refused_saying_what_it_would_need() {
        assertOneSentenceError(run("train", "--layers", "784,100000,100000,10", "--data", small.toString()), "10,079,600,010 parameters in all, 40.3 GB");
        CliRun deep = run("train", "--arch", "fc4000" + "-fc4000".repeat(200) + "-fc10", "--data", small.toString());
        assertOneSentenceError(deep, "3,203,980,010 parameters) needs about 25.6 GB");
    }

    @Test void eval_of_an_empty_set_is_refused() throws IOException {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        var none = new Dataset("none", new float[0], new int[0], null, 0, Mnist.SHAPE, 10);
        writeIdx(none, 0, "t10k", empty);
        assertOneSentenceError(run("eval", MODEL.toString(), "--data", empty.toString()), "no images");
        Path noPictures = dir.resolve("no-pictures");
        Files.createDirectories(noPictures.resolve("3"));
        assertOneSentenceError(run("eval", MODEL.toString(), "--data", noPictures.toString()), "holds no pictures");
    }

    /** MNIST test digits saved as PNG in torchvision's ImageFolder layout score exactly as the IDX files do. */
    @Test void eval_reads_an_image_folder_as_the_same_digits() throws IOException {
        Path folder = dir.resolve("imagefolder");
        Dataset test = Mnist.read(small, "t10k", "small test");
        writePngs(test, 300, folder);
        CliRun pictures = run("eval", MODEL.toString(), "--data", folder.toString(), "--json");
        assertThat(pictures.code()).as(pictures.err()).isZero();
        writeIdx(test, 300, "t10k", dir.resolve("first300"));
        CliRun idx = run("eval", MODEL.toString(), "--data", dir.resolve("first300").toString(), "--json");
        assertThat(pictures.json().get("images")).isEqualTo(300.0);
        assertThat(pictures.json().get("test_accuracy")).isEqualTo(idx.json().get("test_accuracy"));
        assertThat(pictures.json().get("confusion")).isEqualTo(idx.json().get("confusion"));
    }

    /** predict takes many pictures and folders: one line each, JSON Lines with --json; a bad one gets its sentence, the rest are read. */
    @Test void predict_reads_many_pictures_and_folders_one_line_each() throws IOException {
        Path folder = dir.resolve("predict-many");
        writePngs(Mnist.read(small, "t10k", "small test"), 20, folder);
        Path single = dir.resolve("single.png");
        Files.copy(folder.resolve("7/0.png"), single);
        CliRun r = run("predict", MODEL.toString(), single.toString(), folder.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).hasSize(21);
        for (String line : lines) {
            @SuppressWarnings("unchecked") Map<String, Object> j = (Map<String, Object>) glassbox.engine.Json.parse(line);
            assertThat(j).containsKeys("file", "digit", "probabilities");
            assertThat((List<?>) j.get("probabilities")).hasSize(10);
        }
        assertThat(lines.getFirst()).contains(single.toString()).contains("\"digit\":7");
        CliRun plain = run("predict", MODEL.toString(), folder.toString());
        assertThat(plain.out().strip().lines().toList()).hasSize(20).allMatch(l -> l.matches(".*\\.png: \\d \\(\\d+\\.\\d%\\)"));
        Path blank = Files.writeString(folder.resolve("0/blank.png"), "not really a picture");
        CliRun bad = run("predict", MODEL.toString(), folder.toString(), "--json");
        assertOneSentenceError(bad, "blank.png");
        assertThat(bad.out().strip().lines().toList()).as("the other pictures are still read").hasSize(20);
        Files.delete(blank);
    }

    /** n images of a data set as 8-bit grey PNGs in folder/LABEL/INDEX.png. */
    static void writePngs(Dataset d, int n, Path folder) throws IOException {
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            float[] x = d.input(i);
            for (int p = 0; p < 784; p++) img.getRaster().setSample(p % 28, p / 28, 0, Math.round(x[p] * 255));
            Path f = folder.resolve(d.labels()[i] + "/" + i + ".png");
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
    }
}
