package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Evaluation;
import glassbox.engine.Initializer;
import glassbox.engine.Json;
import glassbox.engine.Kernels;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Parallel;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Training and inference throughput on MNIST, and the matrix kernel's GFLOP/s: the figures of issue 3's
 * speed targets. Training: the seeds' setting (sigmoid, quadratic cost, SGD lr 3.0, N(0,1) init) on the
 * 60,000 training images; after a warm-up of 3 s, three epochs are timed (one run of one epoch, one of two)
 * and the best is reported, shuffle included, evaluation excluded. The bytes the training thread
 * allocates per epoch are the difference between those two runs. With --peer torch, PyTorch runs the
 * same cases and the OpenBLAS ceiling in the same run (the project's twin, bench/peer/torch_peer.py), and the ratios are printed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure training and inference speed on MNIST and the matrix kernel's GFLOP/s.")
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--json", description = "end with one JSON object of the figures") boolean json;
    @Option(names = "--peer", description = "also run a peer in the same run: torch (PyTorch on CPU with OpenBLAS, the project's bench/peer/torch_peer.py; run as root, installs them from Debian when missing)")
    String peer;
    @Option(names = "--quick", description = "a smoke run in seconds: 2,000 training images, small products (figures not comparable)")
    boolean quick;
    @Option(names = "--data", description = "mnist, fashion, or a folder with the four IDX files (default: ${DEFAULT-VALUE})", defaultValue = "mnist")
    String data;

    /** The seeds' networks at the seeds' batch size and at 100; the names are the peer's case letters. */
    record Case(String name, String layers, int batch, String torchCase) {}

    static final List<Case> CASES = List.of(
            new Case("seeds-16-16-batch10", "784-16-16-10", 10, "a"),
            new Case("seeds-16-16-batch100", "784-16-16-10", 100, "b"),
            new Case("book-30-batch10", "784-30-10", 10, "c"),
            new Case("book-30-batch100", "784-30-10", 100, null));

    /** A CNN trained with ReLU, softmax and SGD with momentum 0.9 at batch 64; torchCase is the peer's case letter. */
    record CnnCase(String name, String layers, double learningRate, String torchCase) {}

    /** The LeNet-style CNN (PyTorch's case d) and cnn-best's architecture (case e). */
    static final List<CnnCase> CNN_CASES = List.of(
            new CnnCase("lenet-batch64", "conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10", 0.01, "d"),
            new CnnCase("cnn-best-batch64", "conv5x5x32p0-bn-pool2-conv3x3x64p0-bn-conv3x3x64p0-bn-pool2-fc256-dropout0.4-fc10", 0.05, "e"));
    static final int CNN_BATCH = 64;

    @Override public Integer call() throws Exception {
        if (peer != null && !peer.equals("torch")) throw new BadInputException("the only peer is torch, not '" + peer + "'.");
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Mnist.Split split = Mnist.load(data);
        Dataset training = quick ? split.training().slice(0, 2_000) : split.training();
        Dataset test = quick ? split.test().slice(0, 500) : split.test();
        var os = ManagementFactory.getOperatingSystemMXBean();
        double loadBefore = os.getSystemLoadAverage();
        out.printf("glassbox bench: %s, %,d training images, %d threads, Vector API %s, load average %.1f on %d cores%s%n",
                data, training.size(), Parallel.threads(), Kernels.VECTOR ? "on" : "off (naive loops)", loadBefore,
                os.getAvailableProcessors(), loadBefore > os.getAvailableProcessors() ? " (busy machine: figures are noisy)" : "");
        out.flush();

        List<Map<String, Object>> results = new ArrayList<>();
        Network inferenceNet = null;
        for (Case c : CASES) {
            err.println("training " + c.layers() + " at batch " + c.batch() + " ...");
            Network net = Network.create(architecture(c.layers(), training), Initializer.NORMAL, 1);
            TrainingSettings settings = TrainingSettings.defaults().withBatchSize(c.batch()).withEpochs(1);
            warmUp(net, training.slice(0, Math.min(training.size(), quick ? 500 : 12_000)), settings);
            Figures f = timeEpochs(net, training, settings);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", c.name());
            r.put("layers", c.layers());
            r.put("batch", c.batch());
            r.put("seconds_per_epoch", round(f.bestSeconds, 4));
            r.put("images_per_second", Math.round(training.size() / f.bestSeconds));
            r.put("epoch_seconds", f.epochSeconds);
            r.put("allocated_bytes_per_epoch", f.bytesPerEpoch);
            r.put("torch_case", c.torchCase());
            results.add(r);
            if (c.layers().equals("784-16-16-10") && c.batch() == 10) inferenceNet = net;
        }

        List<Map<String, Object>> cnns = new ArrayList<>();
        for (CnnCase c : CNN_CASES) {
            err.println("training the CNN " + c.layers() + " at batch " + CNN_BATCH + " ...");
            cnns.add(cnn(c, training, test));
        }
        Map<String, Object> inference = inference(inferenceNet, test, quick ? 2_000 : 20_000);
        List<Map<String, Object>> gemm = List.of(
                gemm("512x512x512", quick ? 64 : 512, quick ? 64 : 512, quick ? 64 : 512, null),
                gemm("60000x784x100", quick ? 2_000 : 60_000, 784, 100, quick ? null : split.training().inputs()));

        Map<String, Object> peerFigures = peer == null ? null : torch(results, cnns, gemm, training, test, err);

        printTable(out, results, cnns, inference, gemm, peerFigures != null);
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("results", results);
            all.put("inference", inference);
            all.put("cnn", cnns.getFirst());
            all.put("cnn_cases", cnns);
            all.put("gemm", gemm);
            if (peerFigures != null) all.put("peer", peerFigures);
            all.put("threads", Parallel.threads());
            all.put("training_images", training.size());
            all.put("quick", quick);
            all.put("load_average", List.of(round(loadBefore, 2), round(os.getSystemLoadAverage(), 2)));
            out.println(Json.write(all));
        }
        out.flush();
        return 0;
    }

    static Architecture architecture(String layers, Dataset data) {
        return new Architecture(layers, data.shape(), new Activation.Sigmoid(), new Activation.Sigmoid(), new Cost.Quadratic());
    }

    /**
     * Trains on a slice again and again for at least WARM_UP_SECONDS (once with --quick), so that the JIT has
     * compiled the kernels before the clock starts: its compiler threads share the 2 cores meanwhile, which
     * made a cold batch-100 epoch about 1.7x slower than a warm one.
     */
    private void warmUp(Network net, Dataset slice, TrainingSettings settings) {
        long until = System.nanoTime() + (quick ? 0 : WARM_UP_SECONDS * 1_000_000_000L);
        do Trainer.train(net, slice, null, settings); while (System.nanoTime() < until);
    }

    static final long WARM_UP_SECONDS = 3;

    record Figures(double bestSeconds, List<Double> epochSeconds, long bytesPerEpoch) {}

    /** One run of one epoch and one of two: three timed epochs, and the allocation of one epoch as the difference. */
    static Figures timeEpochs(Network net, Dataset training, TrainingSettings settings) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        Trainer.Result one = Trainer.train(net, training, null, settings);
        long a1 = threads.getCurrentThreadAllocatedBytes();
        Trainer.Result two = Trainer.train(net, training, null, settings.withEpochs(2));
        long a2 = threads.getCurrentThreadAllocatedBytes();
        List<Double> seconds = new ArrayList<>();
        seconds.add(round(one.trainSeconds(), 4));
        for (var e : two.history()) seconds.add(round(e.seconds(), 4));
        double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return new Figures(best, seconds, Math.max(0, (a2 - a1) - (a1 - a0)));
    }

    /**
     * Training throughput of a CNN: after a warm-up of 20 batches, the best of three timed passes over
     * the first 6,400 training images (100 batches; a whole epoch would take half a minute or more), projected
     * to seconds per 60,000-image epoch; and the median time to classify one image.
     */
    private Map<String, Object> cnn(CnnCase c, Dataset training, Dataset test) {
        Architecture arch = new Architecture(c.layers(), training.shape(), new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
        Network net = Network.create(arch, Initializer.HE, 1);
        TrainingSettings settings = TrainingSettings.defaults().withBatchSize(CNN_BATCH).withEpochs(1)
                .withLearningRate((float) c.learningRate()).withOptimizer(new Optimizer.Momentum(0.9f));
        Dataset timed = training.slice(0, Math.min(training.size(), quick ? 640 : 6_400));
        warmUp(net, training.slice(0, Math.min(training.size(), 20 * CNN_BATCH)), settings);
        Figures f = timeEpochs(net, timed, settings);
        double imagesPerSecond = timed.size() / f.bestSeconds;
        long median = oneImageNanos(net, test, 1, 50, quick ? 20 : 200);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", c.name());
        r.put("layers", c.layers());
        r.put("batch", CNN_BATCH);
        r.put("learning_rate", c.learningRate());
        r.put("timed_images", timed.size());
        r.put("seconds_per_epoch", round(60_000 / imagesPerSecond, 2));
        r.put("images_per_second", Math.round(imagesPerSecond));
        r.put("one_image_milliseconds", round(median / 1e6, 3));
        r.put("torch_case", c.torchCase());
        return r;
    }

    /** The median time to classify one image, over the first {@code images} test images in turn, after warmUp predictions. */
    static long oneImageNanos(Network net, Dataset test, int images, int warmUp, int timed) {
        float[][] x = new float[Math.min(images, test.size())][];
        for (int i = 0; i < x.length; i++) x[i] = test.input(i);
        for (int i = 0; i < warmUp; i++) net.predict(x[i % x.length]);
        long[] nanos = new long[timed];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            net.predict(x[i % x.length]);
            nanos[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(nanos);
        return nanos[nanos.length / 2];
    }

    /** Classifying the test images (as eval does, best of 5) and one image's latency (the median, after a warm-up). */
    static Map<String, Object> inference(Network net, Dataset test, int warmUp) {
        double best = Double.MAX_VALUE;
        Evaluation e = null;
        for (int round = 0; round < 8; round++) {
            long t = System.nanoTime();
            e = Evaluation.of(net, test);
            if (round >= 3) best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        long median = oneImageNanos(net, test, 64, warmUp, warmUp / 10);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("layers", net.architecture.layers());
        r.put("images", test.size());
        r.put("seconds", round(best, 5));
        r.put("images_per_second", Math.round(test.size() / best));
        r.put("test_accuracy", e.accuracy());
        r.put("one_image_microseconds", round(median / 1e3, 2));
        return r;
    }

    /** GFLOP/s of out = inp · wᵀ (B x I times I x O), best of rounds, on all threads and on one. */
    static Map<String, Object> gemm(String name, int B, int I, int O, float[] inputs) {
        Random random = new Random(1);
        float[] inp = inputs != null ? inputs : new float[B * I], w = new float[O * I], out = new float[B * O];
        if (inputs == null) for (int i = 0; i < inp.length; i++) inp[i] = random.nextFloat();
        for (int i = 0; i < w.length; i++) w[i] = (float) random.nextGaussian();
        double flop = 2.0 * B * I * O;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("shape", B + "x" + I + " by " + I + "x" + O);
        r.put("gflops", round(bestGflops(out, inp, w, B, I, O, flop), 1));
        int all = Parallel.threads();
        Parallel.useThreads(1);
        try {
            r.put("gflops_one_thread", round(bestGflops(out, inp, w, B, I, O, flop), 1));
        } finally {
            Parallel.useThreads(all);
        }
        return r;
    }

    private static double bestGflops(float[] out, float[] inp, float[] w, int B, int I, int O, double flop) {
        int reps = (int) Math.max(1, Math.min(200, 2e8 / flop));
        long warmUpEnd = System.nanoTime() + 700_000_000L;   // until C2 has compiled this shape's path
        while (System.nanoTime() < warmUpEnd) Kernels.matmulForward(out, inp, w, null, B, I, O);
        double best = 0;
        for (int round = 0; round < 8; round++) {
            long t = System.nanoTime();
            for (int k = 0; k < reps; k++) Kernels.matmulForward(out, inp, w, null, B, I, O);
            best = Math.max(best, flop * reps / (System.nanoTime() - t));
        }
        return best;
    }

    // ---- the PyTorch peer ----

    /**
     * Runs the project's PyTorch twin (bench/peer/run-torch-peer.sh, see {@link TorchPeer}): cases a, b and c for
     * their 3 epochs, one epoch of d and e, and the two products; adds the torch figures and the ratios to ours.
     * With --quick it trains on the same slices as ours (figures not comparable, but the wiring is checked).
     */
    private Map<String, Object> torch(List<Map<String, Object>> results, List<Map<String, Object>> cnns, List<Map<String, Object>> gemm,
                                      Dataset training, Dataset test, PrintWriter err) throws InterruptedException {
        Path script = TorchPeer.script();
        String dataDir = Mnist.resolve(data).toAbsolutePath().toString();
        for (Map<String, Object> r : results) {
            String c = (String) r.get("torch_case");
            if (c == null) continue;
            List<String> args = new ArrayList<>(List.of("--case", c, "--data", dataDir));
            if (quick) args.addAll(List.of("--images", String.valueOf(training.size()), "--test-images", String.valueOf(test.size())));
            err.println("running the PyTorch peer, case " + c + " (" + TorchPeer.SCRIPT + " " + String.join(" ", args) + ") ...");
            List<Double> seconds = TorchPeer.epochSeconds(TorchPeer.run(script, args, err), c);
            double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            r.put("torch_seconds_per_epoch", best);
            r.put("torch_epoch_seconds", seconds);
            r.put("speedup_vs_torch", round(best / (Double) r.get("seconds_per_epoch"), 2));
        }
        for (Map<String, Object> cnn : cnns) {
            String c = (String) cnn.get("torch_case");
            int images = quick ? (Integer) cnn.get("timed_images") : training.size();
            List<String> args = new ArrayList<>(List.of("--case", c, "--epochs", "1", "--data", dataDir));
            if (quick) args.addAll(List.of("--images", String.valueOf(images), "--test-images", String.valueOf(test.size())));
            err.println("running the PyTorch peer, case " + c + ", one epoch of the CNN (" + TorchPeer.SCRIPT + " " + String.join(" ", args)
                    + (quick ? ") ..." : "; a minute or two) ..."));
            double seconds = TorchPeer.epochSeconds(TorchPeer.run(script, args, err), c).getFirst();
            double torchImagesPerSecond = images / seconds;
            cnn.put("torch_images_per_second", Math.round(torchImagesPerSecond));
            cnn.put("fraction_of_torch", round((Long) cnn.get("images_per_second") / torchImagesPerSecond, 2));
        }
        List<String> shapes = gemm.stream().map(g -> (String) g.get("name")).toList();
        List<String> args = List.of("--gemm", String.join(",", shapes));
        err.println("measuring the OpenBLAS ceiling through PyTorch (" + TorchPeer.SCRIPT + " " + String.join(" ", args) + ") ...");
        String products = TorchPeer.run(script, args, err);
        for (Map<String, Object> g : gemm) {
            double ceiling = TorchPeer.gflops(products, (String) g.get("name"));
            g.put("torch_gflops", ceiling);
            g.put("fraction_of_torch", round((Double) g.get("gflops") / ceiling, 2));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("torch_gemm_output", products.strip());
        figures.put("script", script.toString());
        return figures;
    }

    // ---- output ----

    private static void printTable(PrintWriter out, List<Map<String, Object>> results, List<Map<String, Object>> cnns, Map<String, Object> inference,
                                   List<Map<String, Object>> gemm, boolean withPeer) {
        out.println();
        out.printf("training (one epoch, best of 3 after a warm-up; sigmoid, quadratic, SGD lr 3.0)%n");
        out.printf("  %-14s %6s %10s %12s %18s%s%n", "network", "batch", "s/epoch", "images/s", "alloc bytes/epoch",
                withPeer ? String.format("%14s %10s", "torch s/epoch", "speed-up") : "");
        for (Map<String, Object> r : results)
            out.printf("  %-14s %6d %10.3f %,12d %18d%s%n", r.get("layers"), (Integer) r.get("batch"), (Double) r.get("seconds_per_epoch"),
                    (Long) r.get("images_per_second"), (Long) r.get("allocated_bytes_per_epoch"),
                    r.containsKey("torch_seconds_per_epoch") ? String.format("%14.3f %9.2fx", (Double) r.get("torch_seconds_per_epoch"), (Double) r.get("speedup_vs_torch")) : "");
        for (Map<String, Object> cnn : cnns)
            out.printf("CNN %s (ReLU, softmax, momentum 0.9, lr %s), batch %d: %,d images/s (%.1f s/epoch, timed on %,d images)%s; one image %.2f ms%n",
                    cnn.get("layers"), cnn.get("learning_rate"), (Integer) cnn.get("batch"), (Long) cnn.get("images_per_second"),
                    (Double) cnn.get("seconds_per_epoch"), (Integer) cnn.get("timed_images"),
                    cnn.containsKey("torch_images_per_second") ? String.format("; PyTorch %,d images/s, ours %.2fx of it",
                            (Long) cnn.get("torch_images_per_second"), (Double) cnn.get("fraction_of_torch")) : "",
                    (Double) cnn.get("one_image_milliseconds"));
        out.printf("inference (%s): %,d test images in %.4f s (%,d images/s, accuracy %.2f%%); one image %.1f us%n",
                inference.get("layers"), (Integer) inference.get("images"), (Double) inference.get("seconds"),
                (Long) inference.get("images_per_second"), 100 * (Double) inference.get("test_accuracy"), (Double) inference.get("one_image_microseconds"));
        for (Map<String, Object> g : gemm)
            out.printf("matrix product %-24s %7.1f GFLOP/s (%.1f on one thread)%s%n", g.get("shape"), (Double) g.get("gflops"),
                    (Double) g.get("gflops_one_thread"),
                    g.containsKey("torch_gflops") ? String.format("; PyTorch/OpenBLAS %.1f, ours %.0f%% of it", (Double) g.get("torch_gflops"),
                            100 * (Double) g.get("fraction_of_torch")) : "");
    }

    static double round(double x, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(x * scale) / scale;
    }
}
