package glassbox.app;

import glassbox.engine.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** glassbox bench on real MNIST, in its quick mode (2,000 images, small products): the table and the JSON contract. */
class BenchCommandTest {

    record Run(int code, String out, String err) {}

    static Run bench(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cl.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test @SuppressWarnings("unchecked")
    void quick_bench_prints_a_table_and_ends_with_the_results_the_contract_names() {
        Run run = bench("--quick", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("s/epoch", "images/s", "GFLOP/s", "one image");

        String[] lines = run.out().strip().split("\n");
        Map<String, Object> figures = (Map<String, Object>) Json.parse(lines[lines.length - 1]);
        List<Map<String, Object>> results = (List<Map<String, Object>>) figures.get("results");
        assertThat(results).hasSize(4);
        for (Map<String, Object> r : results) {
            assertThat(r).containsKeys("name", "layers", "batch", "seconds_per_epoch", "images_per_second");
            assertThat((Double) r.get("seconds_per_epoch")).isPositive();
            assertThat((Double) r.get("images_per_second")).isPositive();
        }
        assertThat(results).extracting(r -> r.get("layers") + "@" + r.get("batch"))
                .containsExactly("784-16-16-10@10.0", "784-16-16-10@100.0", "784-30-10@10.0", "784-30-10@100.0");
        assertThat((Map<String, Object>) figures.get("inference")).containsKeys("seconds", "images_per_second", "one_image_microseconds");
        Map<String, Object> cnn = (Map<String, Object>) figures.get("cnn");
        assertThat(cnn).containsEntry("layers", "conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10").containsEntry("batch", 64.0)
                .containsEntry("torch_case", "d");
        assertThat((Double) cnn.get("images_per_second")).isPositive();
        assertThat((Double) cnn.get("one_image_milliseconds")).isPositive();
        assertThat(run.out()).contains("CNN conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10");
        List<Map<String, Object>> cnns = (List<Map<String, Object>>) figures.get("cnn_cases");
        assertThat(cnns).extracting(c -> c.get("name") + " " + c.get("torch_case"))
                .containsExactly("lenet-batch64 d", "cnn-best-batch64 e");
        assertThat(cnns.getFirst()).isEqualTo(cnn);
        assertThat(cnns.getLast()).containsEntry("layers", "conv5x5x32p0-bn-pool2-conv3x3x64p0-bn-conv3x3x64p0-bn-pool2-fc256-dropout0.4-fc10")
                .containsEntry("batch", 64.0).containsEntry("learning_rate", 0.05);
        assertThat((Double) cnns.getLast().get("images_per_second")).isPositive();
        assertThat(run.out()).contains("CNN conv5x5x32p0-bn-pool2-conv3x3x64p0-bn-conv3x3x64p0-bn-pool2-fc256-dropout0.4-fc10");
        assertThat((List<Map<String, Object>>) figures.get("gemm")).allSatisfy(g -> assertThat((Double) g.get("gflops")).isPositive());
        assertThat(figures).doesNotContainKey("peer");
    }

    @Test void an_unknown_peer_is_refused_in_one_sentence() {
        Run run = bench("--quick", "--peer", "numpy");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("glassbox: the only peer is torch, not 'numpy'.");
    }
}
