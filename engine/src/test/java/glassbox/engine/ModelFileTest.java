package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileTest {
    @TempDir Path dir;

    static Network net(String layers) {
        return Network.create(new Architecture(layers, Shape.vector(12), new Activation.Relu(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()), Initializer.HE, 4);
    }

    @Test void a_saved_model_loads_with_the_same_outputs_and_provenance() throws Exception {
        Network n = net("12-7-3");
        Path f = dir.resolve("m.gbx");
        ModelFile.save(n, Map.of("seed", 4, "data", "toy"), f);
        ModelFile.Model m = ModelFile.load(f);
        float[] x = new float[12];
        Arrays.fill(x, 0.3f);
        assertThat(m.network().predict(x)).containsExactly(n.predict(x));
        assertThat(m.network().toString()).isEqualTo(n.toString());
        assertThat(m.provenance()).containsEntry("data", "toy");
        assertThat(Files.list(dir)).as("no temporary file left behind").hasSize(1);
    }

    @Test void the_provenance_builder_records_the_settings_and_survives_a_round_trip() throws Exception {
        TrainingSettings s = TrainingSettings.defaults().withLearningRate(0.5f).withBatchSize(32).withOptimizer(new Optimizer.Adam(0.9f, 0.999f, 1e-8f));
        Map<String, Object> p = ModelFile.provenance("glassbox train --epochs 2", "mnist", 7, "he", s, 2, 0.9731);
        assertThat(p).containsKeys("data", "seed", "init", "optimizer", "learning_rate", "batch", "schedule", "regularization", "epochs", "test_accuracy", "created", "command")
                .containsEntry("optimizer", "adam").containsEntry("batch", 32).containsEntry("command", "glassbox train --epochs 2");
        assertThat(ModelFile.provenance("x", "mnist", 1, "normal", s, 1, Double.NaN)).as("an accuracy not measured is left out").doesNotContainKey("test_accuracy");
        Path f = dir.resolve("p.gbx");
        ModelFile.save(net("12-7-3"), p, f);
        Map<String, Object> read = ModelFile.load(f).provenance();
        assertThat(read.keySet()).containsExactlyElementsOf(p.keySet());
        assertThat(((Number) read.get("test_accuracy")).doubleValue()).isEqualTo(0.9731);
    }

    @Test void the_file_is_valid_safetensors_with_our_magic_in_the_metadata() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(b, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(((Map<?, ?>) header.get("__metadata__")).get("format")).isEqualTo("glassbox-model");
        assertThat(((Map<?, ?>) header.get("layer0.weight")).get("dtype")).isEqualTo("F32");
        assertThat(b.length - 8 - n).isEqualTo(4L * (12 * 7 + 7 + 7 * 3 + 3));
    }

    @Test void a_truncated_file_is_refused_in_one_sentence() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 10));
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("truncated");
        Files.write(f, Arrays.copyOf(b, 5));
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("truncated");
    }

    @Test void a_flipped_weight_byte_fails_the_checksum() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        byte[] b = Files.readAllBytes(f);
        b[b.length - 3] ^= 0x10;
        Files.write(f, b);
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("checksum");
    }

    @Test void a_file_that_is_not_a_model_is_refused() throws Exception {
        Path f = dir.resolve("x.gbx");
        Files.writeString(f, "hello, I am not a model at all");
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("not a Glassbox model");
        assertThatThrownBy(() -> ModelFile.load(dir.resolve("missing.gbx"))).isInstanceOf(BadInputException.class).hasMessageContaining("does not exist");
    }

    @Test void a_header_forged_for_another_architecture_is_refused() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        rewriteHeader(f, h -> meta(h).put("architecture", "12-9-3"), Checksum.RECOMPUTE);
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("another architecture");
    }

    /** The header has its own checksum: a hand-edited activation would silently change every answer. */
    @Test void an_edited_activation_fails_the_header_checksum() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        rewriteHeader(f, h -> meta(h).put("hidden_activation", "sigmoid"), Checksum.KEEP);
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("header").hasMessageContaining("checksum");
    }

    @Test void the_provenance_may_be_edited_without_breaking_the_header_checksum() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of("note", "a"), f);
        rewriteHeader(f, h -> meta(h).put("provenance", "{\"note\":\"b\"}"), Checksum.KEEP);
        assertThat(ModelFile.load(f).provenance()).containsEntry("note", "b");
    }

    /** Files written before the header checksum (the shipped models among them) still load. */
    @Test void a_model_without_a_header_checksum_still_loads() throws Exception {
        Path f = dir.resolve("m.gbx");
        Network n = net("12-7-3");
        ModelFile.save(n, Map.of(), f);
        rewriteHeader(f, h -> meta(h).remove(ModelFile.HEADER_CRC), Checksum.KEEP);
        float[] x = new float[12];
        Arrays.fill(x, 0.5f);
        assertThat(ModelFile.load(f).network().predict(x)).containsExactly(n.predict(x));
    }

    /** 53 KB declaring 784-100000-100000-10 took 6.3 GB and died: the header is held to the weights the file holds. */
    @Test void a_header_declaring_a_huge_network_is_refused_before_anything_is_allocated() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(Network.create(new Architecture("784-16-16-10", Shape.vector(784), new Activation.Sigmoid(), new Activation.Sigmoid(),
                new Cost.Quadratic()), Initializer.NORMAL, 1), Map.of(), f);
        rewriteHeader(f, h -> meta(h).put("architecture", "784-100000-100000-10"), Checksum.RECOMPUTE);
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("784-100000-100000-10")
                .hasMessageContaining("limit");
        // forty layers of 4,000, each under the per-layer limit: 2.5 GB of weights (5 GB with gradients) if built
        String deep = "784" + "-4000".repeat(40) + "-10";
        rewriteHeader(f, h -> meta(h).put("architecture", deep), Checksum.RECOMPUTE);
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("more than the 13,002 weights the file holds");
    }

    /** A header of null, of a list, or with numbers written as text is refused in one sentence, not a stack trace. */
    @Test void malformed_headers_are_refused_in_one_sentence() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        byte[] good = Files.readAllBytes(f);
        for (String text : List.of("null", "[]", "42", "\"x\"", "{}", "{\"__metadata__\":null}", "{\"__metadata__\":[]}")) {
            Files.write(f, withHeader(good, text));
            assertThatThrownBy(() -> ModelFile.load(f)).as(text).isInstanceOf(BadInputException.class).hasMessageContaining("not a Glassbox model");
        }
        List<java.util.function.Consumer<Map<String, Object>>> edits = List.of(
                h -> tensor(h, "layer0.weight").put("data_offsets", List.of("0", "336")),
                h -> tensor(h, "layer0.weight").put("shape", List.of("7", "12")),
                h -> tensor(h, "layer0.weight").put("shape", List.of(7.5, 12)),
                h -> tensor(h, "layer0.weight").put("shape", List.of(-7, -12)),
                h -> tensor(h, "layer0.weight").put("shape", List.of(2147483647, 2147483647, 2147483647)),
                h -> tensor(h, "layer0.weight").put("data_offsets", List.of(0, 1e300)),
                h -> tensor(h, "layer0.weight").put("data_offsets", List.of(4, 340)),
                h -> tensor(h, "layer0.weight").remove("dtype"),
                h -> h.put("layer0.weight", "here"),
                h -> h.put("layer0.weight", null),
                h -> meta(h).put("architecture", 12),
                h -> meta(h).put("input", "12"),
                h -> meta(h).put("input", "axbxc"),
                h -> meta(h).put("hidden_activation", null),
                h -> meta(h).put("cost", List.of()),
                h -> meta(h).put("kind", "committee"));
        for (int i = 0; i < edits.size(); i++) {
            Files.write(f, good);
            rewriteHeader(f, edits.get(i), Checksum.RECOMPUTE);
            int k = i;
            assertThatThrownBy(() -> ModelFile.load(f)).as("edit " + k).isInstanceOf(BadInputException.class)
                    .message().startsWith("model file ").doesNotContain("\n");
        }
    }

    @Test void saving_over_a_model_keeps_its_permissions() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        Path plain = Files.createFile(dir.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(f)).as("a new model gets a new file's permissions").isEqualTo(Files.getPosixFilePermissions(plain));
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        ModelFile.save(net("12-5-3"), Map.of(), f);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
    }

    @Test void a_failed_save_leaves_no_temporary_file() throws Exception {
        Path target = dir.resolve("taken.gbx");
        Files.createDirectories(target.resolve("inside"));   // a folder that is not empty cannot be replaced
        assertThatThrownBy(() -> ModelFile.save(net("12-7-3"), Map.of(), target)).isInstanceOf(java.io.IOException.class);
        try (var files = Files.list(dir)) { assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("taken.gbx"); }
    }

    enum Checksum { KEEP, RECOMPUTE }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(Map<String, Object> header) { return (Map<String, Object>) header.get("__metadata__"); }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tensor(Map<String, Object> header, String name) { return (Map<String, Object>) header.get(name); }

    /** Rewrites a model's JSON header through edit, keeping its weights; RECOMPUTE forges a matching header checksum. */
    @SuppressWarnings("unchecked")
    static void rewriteHeader(Path f, java.util.function.Consumer<Map<String, Object>> edit, Checksum checksum) throws Exception {
        byte[] b = Files.readAllBytes(f);
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Map<String, Object> header = (Map<String, Object>) Json.parse(new String(b, 8, n, StandardCharsets.UTF_8));
        edit.accept(header);
        if (checksum == Checksum.RECOMPUTE && header.get("__metadata__") instanceof Map<?, ?>) meta(header).put(ModelFile.HEADER_CRC, ModelFile.headerChecksum(header));
        Files.write(f, withHeader(b, Json.write(header)));
    }

    /** The file's weights (everything after its header) behind a new header text. */
    static byte[] withHeader(byte[] file, String text) {
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] weights = Arrays.copyOfRange(file, 8 + n, file.length), h = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + weights.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(weights).array();
    }

    @Test void saving_over_a_model_replaces_it_whole() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        ModelFile.save(net("12-5-3"), Map.of(), f);
        assertThat(ModelFile.load(f).network().toString()).startsWith("12-5-3");
    }
}
