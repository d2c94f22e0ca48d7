package glassbox.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        byte[] b = Files.readAllBytes(f);
        String forged = new String(b, StandardCharsets.ISO_8859_1).replace("\"architecture\":\"12-7-3\"", "\"architecture\":\"12-9-3\"");
        Files.write(f, forged.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(BadInputException.class).hasMessageContaining("another architecture");
    }

    @Test void saving_over_a_model_replaces_it_whole() throws Exception {
        Path f = dir.resolve("m.gbx");
        ModelFile.save(net("12-7-3"), Map.of(), f);
        ModelFile.save(net("12-5-3"), Map.of(), f);
        assertThat(ModelFile.load(f).network().toString()).startsWith("12-5-3");
    }
}
