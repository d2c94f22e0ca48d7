package glassbox.app.web;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Classifier;
import glassbox.engine.Committee;
import glassbox.engine.Dataset;
import glassbox.engine.Dense;
import glassbox.engine.Kernels;
import glassbox.engine.Layer;
import glassbox.engine.Network;
import glassbox.engine.Param;
import glassbox.engine.Shape;
import glassbox.lab.Neurons;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What the digit lab asks of the engine: a forward pass with every layer's activations, a neuron's
 * weight map and the test digits that excite it most (found as the experiments' reports find them, by
 * {@link Neurons}), and the MNIST test set with each model's answers. Every network it runs is a borrowed
 * copy (see {@link Models}). A committee answers with its members' average, and each member's own vote;
 * its insides are shown through member 1.
 */
final class DigitLab {
    static final int TOP = 12;

    final Models models;
    private final Supplier<Dataset> testSource;
    private volatile Dataset test;
    private final Map<String, Scans> scans = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final Map<String, List<float[]>> effectiveMaps = new ConcurrentHashMap<>();

    DigitLab(Models models, Supplier<Dataset> testSource) {
        this.models = models;
        this.testSource = testSource;
    }

    static DigitLab standard(Models models) { return new DigitLab(models, () -> Mnist.loadTest("mnist")); }

    /** The MNIST test set, read on first use. */
    Dataset test() {
        Dataset t = test;
        if (t == null) synchronized (this) { if ((t = test) == null) test = t = testSource.get(); }
        return t;
    }

    // ---- records the API returns (JSON keys are these names in snake_case) ----

    /** redrawsInput: an {@link glassbox.engine.InputNormalisation} (deskew, widthN), whose one map is the digit redrawn. */
    record LayerInfo(int index, String kind, String spec, int[] shape, int units, String activation, boolean maps, boolean redrawsInput) {}

    /** kind "network" or "committee"; for a committee, architecture and layers are member 1's (shown_member). */
    record ModelInfo(String name, String kind, String network, String architecture, long parameters, Double testAccuracy, int[] inputShape,
                     List<LayerInfo> layers, Integer members, List<String> memberNetworks, Integer shownMember, Map<String, Object> provenance) {}

    /** Strongest connections into each unit of a dense layer: [from, to, weight] triples. */
    record ModelDetail(ModelInfo model, List<List<float[]>> connections) {}

    /** A committee's answer is its members' average; votes are each member's own; activations are shown_member's. */
    record Prediction(String model, int digit, float[] probabilities, float[] outputs, List<Vote> votes, List<float[]> activations,
                      Integer shownMember, float[] input) {}

    /** One committee member's answer: its digit and the probability it gives that digit (members counted from 1). */
    record Vote(int member, int digit, float probability) {}

    /** A test image a unit responds to most; score is what ranked it (see {@link Neurons#favourites}): a neuron's z, a feature map's mean activation. */
    record TopImage(int index, int label, int prediction, float score, float[] pixels) {}

    record Neuron(String model, Integer shownMember, int layer, int index, String kind, Float bias, float[] weightMap, String mapKind,
                  float[] incoming, float[] kernel, int[] kernelShape, List<TopImage> top, float[] meanTopImage) {}

    record TestImage(int index, int label, Integer prediction, float[] pixels) {}

    record TestPage(int total, int from, String filter, String model, Double accuracy, List<TestImage> items) {}

    // ---- models ----

    static LayerInfo layerInfo(int index, Layer l) {
        Shape s = l.outputShape();
        String spec = l.spec();
        String kind = l instanceof Dense ? "dense" : spec.replaceAll("[^a-z].*", "");
        String act = l instanceof Dense d ? d.activation.name() : null;
        return new LayerInfo(index, kind.isEmpty() ? "layer" : kind, spec, new int[] {s.channels(), s.height(), s.width()},
                Neurons.units(l), act, !s.isVector(), l instanceof glassbox.engine.InputNormalisation);
    }

    /** The model as the switcher lists it; a committee's parameters are all its members', its layers member 1's. */
    ModelInfo info(Models.Entry e) {
        Classifier model = e.template();
        Network n = e.shown();
        List<LayerInfo> layers = new ArrayList<>();
        for (int i = 0; i < n.layers.size(); i++) layers.add(layerInfo(i, n.layers.get(i)));
        Shape in = n.inputShape();
        Object acc = e.provenance().get("test_accuracy");
        Double accuracy = acc instanceof Number num && Double.isFinite(num.doubleValue()) ? num.doubleValue() : null;
        List<String> memberNetworks = model instanceof Committee c ? c.members.stream().map(Network::toString).toList() : null;
        return new ModelInfo(e.name(), memberNetworks == null ? "network" : "committee", model.toString(), n.architecture.layers(),
                model.parameterCount(), accuracy, new int[] {in.channels(), in.height(), in.width()}, layers,
                memberNetworks == null ? null : memberNetworks.size(), memberNetworks, shownMember(model), e.provenance());
    }

    /** The member a committee is shown through (counted from 1), null (left out of the JSON) for a network. */
    static Integer shownMember(Classifier model) { return model instanceof Committee ? Models.SHOWN_MEMBER : null; }

    List<ModelInfo> list() {
        models.refresh();
        return models.list().stream().map(this::info).toList();
    }

    /** The model and, for each dense layer fed by a vector, the {@code perUnit} strongest weights into each unit. */
    ModelDetail detail(String name, int perUnit) {
        Models.Entry e = models.get(name);
        List<List<float[]>> connections = new ArrayList<>();
        Shape shape = e.shown().inputShape();
        for (Layer l : e.shown().layers) {
            List<float[]> strongest = new ArrayList<>();
            if (l instanceof Dense d && (shape.isVector() || shape.channels() == 1)) {
                float[] w = d.w();
                Integer[] order = new Integer[d.fanIn];
                for (int j = 0; j < d.fanOut; j++) {
                    final int row = j * d.fanIn;
                    for (int k = 0; k < d.fanIn; k++) order[k] = k;
                    Arrays.sort(order, (a, b) -> Float.compare(Math.abs(w[row + b]), Math.abs(w[row + a])));
                    for (int t = 0; t < Math.min(perUnit, d.fanIn); t++) strongest.add(new float[] {order[t], j, round(w[row + order[t]])});
                }
            }
            connections.add(strongest);
            shape = l.outputShape();
        }
        return new ModelDetail(info(e), connections);
    }

    // ---- forward pass ----

    /** Runs x through a copy of the model and returns its answer and every layer's activations (a committee: member 1's). */
    Prediction predict(String name, float[] x, float[] shownInput) {
        return models.with(name, model -> {
            if (x.length != model.inputSize())
                throw new glassbox.engine.BadInputException("model " + name + " takes " + model.inputSize() + " values, not " + x.length + ".");
            float[] out = model.predict(x);
            Network net = Models.shown(model);
            List<float[]> activations = new ArrayList<>(net.layers.size());
            for (Layer l : net.layers) activations.add(rounded(l.output(), l.outputShape().size()));
            return new Prediction(name, Kernels.argmax(out, 0, out.length), probabilities(out, net), out, votes(model), activations,
                    shownMember(model), shownInput);
        });
    }

    /** After a committee's forward pass on one example: each member's answer, read from its output layer (null for a network). */
    static List<Vote> votes(Classifier model) {
        if (!(model instanceof Committee c)) return null;
        List<Vote> votes = new ArrayList<>(c.members.size());
        for (int i = 0; i < c.members.size(); i++) {
            Network member = c.members.get(i);
            float[] out = Arrays.copyOf(member.output().output(), member.outputSize());
            int digit = Kernels.argmax(out, 0, out.length);
            votes.add(new Vote(i + 1, digit, round(probabilities(out, member)[digit])));
        }
        return votes;
    }

    /** Softmax outputs already sum to 1; sigmoid ones are normalised so they read as shares (as `glassbox predict` does). */
    static float[] probabilities(float[] out, Network net) {
        if (net.output().activation instanceof Activation.Softmax) return out.clone();
        float sum = 0;
        for (float v : out) sum += Math.max(0, v);
        float[] p = new float[out.length];
        for (int i = 0; i < p.length; i++) p[i] = sum > 0 ? Math.max(0, out[i]) / sum : 1f / p.length;
        return p;
    }

    // ---- neurons ----

    /**
     * A unit of a layer: a dense neuron's incoming weights and its weight map over the 784 pixels (the
     * first layer's own weights; for deeper layers the effective map Σ_k w_jk · map_k, a linear
     * reading that ignores the squashing in between); a feature map's kernel; and the test digits that
     * excite it most. A committee's units are member 1's.
     */
    Neuron neuron(String name, int layer, int index) {
        Models.Entry e = models.get(name);
        Network n = e.shown();
        Integer member = shownMember(e.template());
        if (layer < 0 || layer >= n.layers.size())
            throw ApiException.notFound("model " + name + " has layers 0 to " + (n.layers.size() - 1) + ", not " + layer + ".");
        Layer l = n.layers.get(layer);
        LayerInfo li = layerInfo(layer, l);
        if (index < 0 || index >= li.units())
            throw ApiException.notFound("layer " + layer + " of " + name + " has units 0 to " + (li.units() - 1) + ", not " + index + ".");
        Dataset t = test();
        List<TopImage> top = top(name, layer, index);
        float[] mean = new float[784];
        for (TopImage ti : top) for (int p = 0; p < 784; p++) mean[p] += t.inputs()[ti.index() * 784 + p] / top.size();
        if (l instanceof Dense d) {
            float[] incoming = rounded(Arrays.copyOfRange(d.w(), index * d.fanIn, (index + 1) * d.fanIn), d.fanIn);
            List<float[]> maps = effectiveMaps.computeIfAbsent(name, k -> Neurons.effectiveMaps(n));
            float[] map = layer < maps.size() ? Arrays.copyOfRange(maps.get(layer), index * 784, (index + 1) * 784) : null;
            return new Neuron(name, member, layer, index, "dense", d.b()[index], map == null ? null : rounded(map, map.length),
                    map == null ? null : layer == 0 ? "weights" : "effective", incoming, null, null, top, rounded(mean, 784));
        }
        float[] kernel = null;
        int[] kernelShape = null;
        for (Param p : l.params())
            if (p.trained() && p.shape().length > 1 && p.shape()[0] == li.units() && p.decays()) {
                int per = p.size() / li.units();
                kernel = rounded(Arrays.copyOfRange(p.value(), index * per, (index + 1) * per), per);
                kernelShape = Arrays.copyOfRange(p.shape(), 1, p.shape().length);
                break;
            }
        return new Neuron(name, member, layer, index, li.kind(), null, null, null, null, kernel, kernelShape, top, rounded(mean, 784));
    }

    // ---- the test set ----

    /** A model's answers on the whole test set, and how many are right. */
    record Answers(int[] predictions, int correct) {
        static Answers of(int[] predictions, int[] labels) {
            int c = 0;
            for (int i = 0; i < labels.length; i++) if (predictions[i] == labels[i]) c++;
            return new Answers(predictions, c);
        }
    }

    /**
     * A model's two passes over the test set, each made once, in the background, on copies of its own (not
     * the requests' copies, and dropped afterwards): its answers, and the shown network's units' favourite
     * images. For a network one pass gives both; a committee's answers take all its members, one after
     * another (about a minute for 38 CNNs on two cores), its units only member 1. No model waits for another's.
     */
    record Scans(CompletableFuture<Answers> answers, CompletableFuture<Neurons.Favourites> units) {}

    /** How long a request that needs a model's whole pass waits for it before it is asked to come back (503). */
    static final long SCAN_WAIT_SECONDS = 120;

    /** The model's passes over the test set, started on first use. */
    Scans scans(String name) {
        Classifier template = models.get(name).template();
        Scans s = scans.get(name);
        if (s != null) return s;
        Scans fresh = new Scans(new CompletableFuture<>(), new CompletableFuture<>());
        if ((s = scans.putIfAbsent(name, fresh)) != null) return s;
        if (template instanceof Network n) {
            inBackground(name, fresh, () -> {
                Dataset t = test();
                int[] predictions = new int[t.size()];
                fresh.units().complete(scanUnits(n.copy(), t, predictions));
                fresh.answers().complete(Answers.of(predictions, t.labels()));
            });
        } else {
            inBackground(name, fresh, () -> fresh.units().complete(scanUnits(Models.shown(template).copy(), test(), null)));
            inBackground(name, fresh, () -> fresh.answers().complete(scanAnswers((Committee) template, test())));
        }
        return fresh;
    }

    /** Ends the passes still running (the server is stopping): they stop at their next slice. */
    void close() { closed = true; }

    private void checkOpen() { if (closed) throw new ApiException(503, "the server is stopping."); }

    private void inBackground(String name, Scans s, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                scans.remove(name, s);   // the next request tries again
                s.answers().completeExceptionally(e);
                s.units().completeExceptionally(e);
                if (!closed && !(e instanceof glassbox.engine.BadInputException)) System.err.println("glassbox: the test-set pass of " + name + " failed: " + e);
            }
        }, "test-set-" + name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Waits for a pass (a committee's answers take about a minute the first time). */
    private static <T> T await(String name, CompletableFuture<T> pass) {
        try {
            return pass.get(SCAN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(503, "model " + name + " is still reading the 10,000 test images; try again in a minute.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping; try again in a moment.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof OutOfMemoryError) throw new ApiException(503, "the server ran out of memory reading the test set with " + name + "; try again later.");
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A finished pass, or null while it runs (or after it failed; the next scans() starts it again). */
    private static <T> T ifDone(CompletableFuture<T> pass) {
        return pass.isDone() && !pass.isCompletedExceptionally() ? pass.join() : null;
    }

    /** Reads the test set and scans the first model, so the first click on a neuron is quick. */
    void warmUp() {
        try {
            List<Models.Entry> all = models.list();
            if (!all.isEmpty()) await(all.getFirst().name(), scans(all.getFirst().name()).units());
        } catch (RuntimeException e) {
            if (!closed) System.err.println("glassbox: could not prepare the test set: " + e.getMessage());
        }
    }

    /** The model's answers to these test images: from its whole pass if done, else worked out now, one image at a time, on a borrowed copy. */
    int[] predictions(String name, int[] indices) {
        Answers done = ifDone(scans(name).answers());
        int[] p = new int[indices.length];
        if (done != null) {
            for (int k = 0; k < indices.length; k++) p[k] = done.predictions()[indices[k]];
            return p;
        }
        Dataset t = test();
        return models.with(name, model -> {
            int classes = model.outputSize();
            for (int k = 0; k < indices.length; k++) p[k] = Kernels.argmax(model.feedforward(t.input(indices[k]), 1), 0, classes);
            return p;
        });
    }

    /** A committee's answers: member by member, each a fresh copy of its own, so only one member's buffers grow at a time. */
    private Answers scanAnswers(Committee committee, Dataset t) {
        int in = t.inputSize(), out = committee.outputSize(), size = t.size();
        float[] x = new float[Neurons.SLICE * in], mean = new float[size * out];
        float share = 1f / committee.members.size();
        for (Network template : committee.members) {
            Network member = template.copy();
            for (int start = 0; start < size; start += Neurons.SLICE) {
                checkOpen();
                int m = Math.min(Neurons.SLICE, size - start);
                System.arraycopy(t.inputs(), start * in, x, 0, m * in);
                Kernels.axpy(mean, start * out, share, member.feedforward(x, m), m * out);   // as Committee.feedforward adds them
            }
        }
        int[] predictions = new int[size];
        for (int i = 0; i < size; i++) predictions[i] = Kernels.argmax(mean, i * out, out);
        return Answers.of(predictions, t.labels());
    }

    /** Runs the whole test set through net, keeping each unit's TOP favourites; fills predictions (if given) with net's answers. */
    private Neurons.Favourites scanUnits(Network net, Dataset t, int[] predictions) {
        int classes = net.outputSize();
        return Neurons.favourites(net, t, TOP, (start, m, out) -> {
            checkOpen();
            if (predictions != null) for (int b = 0; b < m; b++) predictions[start + b] = Kernels.argmax(out, b * classes, classes);
        });
    }

    /** The TOP test images of a unit, each with its label and the model's answer. */
    List<TopImage> top(String name, int layer, int unit) {
        Neurons.Favourites units = await(name, scans(name).units());
        Dataset t = test();
        int[] index = units.indices(layer, unit);
        int[] predicted = predictions(name, index);
        List<TopImage> list = new ArrayList<>();
        for (int r = 0; r < index.length; r++)
            list.add(new TopImage(index[r], t.labels()[index[r]], predicted[r], round(units.score()[layer][unit][r]), rounded(t.input(index[r]), 784)));
        return list;
    }

    /**
     * A page of test images, all or only those the model gets wrong, with its answers when a model is named.
     * The model's accuracy comes once its whole pass is done (null until then); the misclassified filter waits for it.
     */
    TestPage testPage(String model, boolean misclassified, int from, int count) {
        if (count < 1 || count > 100) throw new glassbox.engine.BadInputException("count must be from 1 to 100, not " + count + ".");
        if (misclassified && model == null) throw new glassbox.engine.BadInputException("filter=misclassified needs a model, e.g. model=mlp-16-16.");
        Dataset t = test();
        Answers answers = model == null ? null : misclassified ? await(model, scans(model).answers()) : ifDone(scans(model).answers());
        int[] chosen;
        if (misclassified) {
            chosen = new int[t.size() - answers.correct()];
            int c = 0;
            for (int i = 0; i < t.size(); i++) if (answers.predictions()[i] != t.labels()[i]) chosen[c++] = i;
        } else {
            chosen = null;
        }
        int total = chosen == null ? t.size() : chosen.length;
        if (from < 0 || (from >= total && total > 0)) throw new glassbox.engine.BadInputException("from must be from 0 to " + Math.max(0, total - 1) + ", not " + from + ".");
        int[] shown = new int[Math.max(0, Math.min(total, from + count) - from)];
        for (int k = 0; k < shown.length; k++) shown[k] = chosen == null ? from + k : chosen[from + k];
        int[] predicted = model == null ? null : predictions(model, shown);
        List<TestImage> items = new ArrayList<>();
        for (int k = 0; k < shown.length; k++)
            items.add(new TestImage(shown[k], t.labels()[shown[k]], predicted == null ? null : predicted[k], rounded(t.input(shown[k]), 784)));
        return new TestPage(total, from, misclassified ? "misclassified" : "all", model,
                answers == null ? null : (double) answers.correct() / t.size(), items);
    }

    TestImage testImage(int index, String model) {
        Dataset t = test();
        if (index < 0 || index >= t.size()) throw ApiException.notFound("the test set has images 0 to " + (t.size() - 1) + ", not " + index + ".");
        Integer prediction = model == null ? null : predictions(model, new int[] {index})[0];
        return new TestImage(index, t.labels()[index], prediction, rounded(t.input(index), 784));
    }

    // ---- numbers for JSON ----

    static float round(float v) { return Float.isFinite(v) ? (float) (Math.round(v * 1e4d) / 1e4d) : 0f; }

    /** The first n values, rounded to 4 decimals (smaller JSON, and no NaN: JSON has none). */
    static float[] rounded(float[] a, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) r[i] = round(a[i]);
        return r;
    }
}
