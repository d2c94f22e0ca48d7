package glassbox.app;

import glassbox.engine.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding, running and reading the PyTorch twin, without PyTorch: its output lines are given here. */
class TorchPeerTest {

    static final String CASE_A = """
            run-torch-peer.sh: installing python3-torch libopenblas0 from Debian ...
            # glassbox torch peer: torch 1.13.0a0, python 3.11.2, 2 threads, blas openblas; case a: mlp 784-16-16-10, batch 10, seconds=9.99
            case=a epoch=1 seconds=1.45 eval_seconds=0.01 test_acc=0.8957 train_loss=0.1100
            /usr/lib/python3/dist-packages/torch/warnings.py:1: UserWarning: case=a epoch=seconds
            case=b epoch=1 seconds=0.25 eval_seconds=0.01 test_acc=0.7600 train_loss=0.2000
            case=a epoch=2 seconds=1.38 eval_seconds=0.01 test_acc=0.9120 train_loss=0.0900\r
            case=a epoch=3 seconds=nan eval_seconds=0.01 test_acc=0.9050 train_loss=0.0800
            """;

    @Test void epoch_seconds_are_read_from_the_case_lines_only() {
        assertThat(TorchPeer.epochSeconds(CASE_A, "a")).containsExactly(1.45, 1.38);
        assertThat(TorchPeer.epochSeconds(CASE_A, "b")).containsExactly(0.25);
    }

    @Test void no_epoch_line_is_one_sentence() {
        assertThatThrownBy(() -> TorchPeer.epochSeconds(CASE_A, "d")).isInstanceOf(BadInputException.class)
                .hasMessage("the PyTorch peer printed no epoch time for case d (see its output above).");
        assertThatThrownBy(() -> TorchPeer.epochSeconds("", "a")).isInstanceOf(BadInputException.class);
    }

    @Test void gflops_are_read_by_shape() {
        String out = """
                # glassbox torch peer: torch 1.13.0a0, python 3.11.2, 2 threads
                gemm shape=512x512x512 threads=2 runs=7 best_seconds=0.00128 median_seconds=0.00130 best_gflops=210.4 median_gflops=206.4 blas=openblas
                gemm shape=60000x784x100 threads=2 runs=7 best_seconds=0.09 median_seconds=0.10 best_gflops=104.5 median_gflops=94.1 blas=openblas
                """;
        assertThat(TorchPeer.gflops(out, "512x512x512")).isEqualTo(210.4);
        assertThat(TorchPeer.gflops(out, "60000x784x100")).isEqualTo(104.5);
        assertThatThrownBy(() -> TorchPeer.gflops(out, "64x64x64")).isInstanceOf(BadInputException.class)
                .hasMessage("the PyTorch peer printed no GFLOP/s for the 64x64x64 product (see its output above).");
        assertThatThrownBy(() -> TorchPeer.gflops("gemm shape=512x512x512 best_gflops=fast", "512x512x512")).isInstanceOf(BadInputException.class);
    }

    @Test void the_script_is_the_repositorys_own() throws Exception {
        Path found = TorchPeer.script(null, Path.of("").toAbsolutePath());
        assertThat(found.toString()).endsWith("bench/peer/run-torch-peer.sh");
        assertThat(found.resolveSibling("torch_peer.py")).isRegularFile();
        assertThat(Files.readString(found)).contains("torch_peer.py").contains("--threads 2").doesNotContain("shared");
        Path home = found.getParent().getParent().getParent();
        assertThat(TorchPeer.script(home.toString(), Path.of("/"))).isEqualTo(found);
    }

    @Test void a_missing_script_is_one_sentence(@TempDir Path empty) {
        assertThatThrownBy(() -> TorchPeer.script(empty.toString(), empty)).isInstanceOf(BadInputException.class)
                .hasMessage("cannot find the PyTorch peer (bench/peer/run-torch-peer.sh): run from the Glassbox folder or set GLASSBOX_HOME.");
    }

    @Test void a_failing_peer_is_one_sentence_with_its_last_line_and_its_output_is_passed_on() {
        StringWriter err = new StringWriter();
        List<String> command = List.of("bash", "-c", "echo starting; echo 'run-torch-peer.sh: the PyTorch peer needs python3-torch.' >&2; exit 2");
        assertThatThrownBy(() -> TorchPeer.run(command, "run-torch-peer.sh --case a", new PrintWriter(err)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("the PyTorch peer (run-torch-peer.sh --case a) failed with exit status 2: run-torch-peer.sh: the PyTorch peer needs python3-torch.");
        assertThat(err.toString()).contains("starting");
    }

    @Test void a_peer_that_cannot_start_is_one_sentence() {
        assertThatThrownBy(() -> TorchPeer.run(List.of("/nonexistent/bash"), "x", new PrintWriter(new StringWriter())))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("cannot start the PyTorch peer (x): ");
    }

    @Test void a_peer_run_returns_its_output() throws Exception {
        StringWriter err = new StringWriter();
        String out = TorchPeer.run(List.of("bash", "-c", "echo 'case=a epoch=1 seconds=1.5'"), "x", new PrintWriter(err));
        assertThat(TorchPeer.epochSeconds(out, "a")).containsExactly(1.5);
        assertThat(err.toString()).contains("case=a epoch=1 seconds=1.5");
    }
}
