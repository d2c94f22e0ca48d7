package glassbox.app;

import glassbox.engine.BadInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's PyTorch twin of the bench (bench/peer/torch_peer.py, run through bench/peer/run-torch-peer.sh):
 * where the script is, running it, and reading its lines. Each epoch is a line of key=value fields,
 * {@code case=a epoch=1 seconds=1.45 eval_seconds=0.01 test_acc=0.8957 ...}; each product is
 * {@code gemm shape=512x512x512 ... best_gflops=210.4 ...}; anything else (comments, installer messages) is ignored.
 */
final class TorchPeer {
    /** The script's place in the repository. */
    static final String SCRIPT = "bench/peer/run-torch-peer.sh";

    private TorchPeer() {}

    /** run-torch-peer.sh under GLASSBOX_HOME (the launcher sets it), else in the working folder or one above it. */
    static Path script() {
        return script(glassbox.data.Home.configured(), Path.of("").toAbsolutePath());
    }

    static Path script(String home, Path workingFolder) {
        return glassbox.data.Home.find(SCRIPT, home, workingFolder).orElseThrow(() -> new BadInputException("cannot find the PyTorch peer (" + SCRIPT + "): run from the Glassbox folder or set GLASSBOX_HOME."));
    }

    /** The seconds of each epoch the output reports for the case, in order. */
    static List<Double> epochSeconds(String output, String torchCase) {
        List<Double> seconds = new ArrayList<>();
        for (String line : output.split("\\R")) {
            Map<String, String> f = fields(line);
            if (!torchCase.equals(f.get("case")) || !f.containsKey("epoch")) continue;
            Double s = number(f.get("seconds"));
            if (s != null && s > 0) seconds.add(s);
        }
        if (seconds.isEmpty())
            throw new BadInputException("the PyTorch peer printed no epoch time for case " + torchCase + " (see its output above).");
        return seconds;
    }

    /** The best GFLOP/s the output reports for a product's shape, such as "512x512x512". */
    static double gflops(String output, String shape) {
        for (String line : output.split("\\R")) {
            if (!line.startsWith("gemm ")) continue;
            Map<String, String> f = fields(line);
            Double g = number(f.get("best_gflops"));
            if (shape.equals(f.get("shape")) && g != null && g > 0) return g;
        }
        throw new BadInputException("the PyTorch peer printed no GFLOP/s for the " + shape + " product (see its output above).");
    }

    /** The key=value words of a line. */
    static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String word : line.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) f.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return f;
    }

    private static Double number(String s) {
        if (s == null) return null;
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Runs {@code bash run-torch-peer.sh args...}, copying its output to err as it comes; returns the output.
     * A failure is one sentence: the command, its exit status and its last line.
     */
    static String run(Path script, List<String> args, PrintWriter err) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        String shown = SCRIPT + " " + String.join(" ", args);
        return run(command, shown, err);
    }

    static String run(List<String> command, String shown, PrintWriter err) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        String last = "";
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new BadInputException("cannot start the PyTorch peer (" + shown + "): " + e.getMessage() + ".");
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                err.println(line);
                err.flush();
                text.append(line).append('\n');
                if (!line.isBlank()) last = line.strip();
            }
        } catch (IOException e) {
            p.destroy();
            throw new BadInputException("lost the PyTorch peer's output (" + shown + "): " + e.getMessage() + ".");
        }
        int status = p.waitFor();
        if (status != 0)
            throw new BadInputException("the PyTorch peer (" + shown + ") failed with exit status " + status
                    + (last.isEmpty() ? "" : ": " + last.replaceAll("[.\\s]+$", "")) + ".");
        return text.toString();
    }
}
