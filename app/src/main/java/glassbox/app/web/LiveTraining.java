package glassbox.app.web;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.BadInputException;
import glassbox.engine.Cost;
import glassbox.engine.Dataset;
import glassbox.engine.Dense;
import glassbox.engine.Initializer;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import glassbox.engine.Optimizer;
import glassbox.engine.Regularization;
import glassbox.engine.Schedule;
import glassbox.engine.Trainer;
import glassbox.engine.TrainingListener;
import glassbox.engine.TrainingSettings;
import io.javalin.http.sse.SseClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Networks trained from the page while it watches: each session trains a fresh MLP on MNIST in its own
 * thread, with the engine's {@link Trainer}, and streams what happens (batch costs, epoch figures, the
 * first layer's weight maps) to the page as server-sent events. Sessions can be stopped, resumed and
 * saved as a model. At most {@link #MAX_RUNNING} train at once (the machine is shared).
 */
final class LiveTraining {
    static final int MAX_RUNNING = 2, MAX_SESSIONS = 16, MAPS = 16, TEST_IMAGES = 2000;

    /** What the page may choose, checked like the CLI's flags. */
    record Options(List<Integer> hidden, String activation, String cost, float learningRate, int batchSize, int epochs,
                   int examples, long seed, String init) {
        Options {
            if (hidden == null || hidden.isEmpty() || hidden.size() > 4)
                throw new BadInputException("hidden must list 1 to 4 layer sizes, e.g. [16, 16].");
            for (int h : hidden) if (h < 1 || h > 256) throw new BadInputException("each hidden layer needs 1 to 256 neurons, not " + h + ".");
            if (!(learningRate > 0 && learningRate <= 100)) throw new BadInputException("the learning rate must be in (0, 100], not " + learningRate + ".");
            if (batchSize < 1 || batchSize > 1000) throw new BadInputException("the batch size must be from 1 to 1000, not " + batchSize + ".");
            if (epochs < 1 || epochs > 1000) throw new BadInputException("epochs must be from 1 to 1000, not " + epochs + ".");
            if (examples < 100 || examples > 60_000) throw new BadInputException("examples must be from 100 to 60000, not " + examples + ".");
            if (batchSize > examples) throw new BadInputException("the batch size " + batchSize + " is larger than the " + examples + " examples.");
        }

        String layers() {
            StringBuilder s = new StringBuilder("784");
            for (int h : hidden) s.append('-').append(h);
            return s.append("-10").toString();
        }
    }

    enum State { RUNNING, STOPPING, STOPPED, FINISHED, FAILED }

    /** One network being trained, what it did so far, and the pages listening. */
    final class Session implements TrainingListener {
        final int id;
        final Options options;
        final Network network;
        final TrainingSettings settings;
        volatile State state = State.STOPPED;
        volatile String message = "";
        int epochsDone;
        /** Training progress in epochs, fractional when stopped inside an epoch; the curves' x axis. */
        volatile float position, base;
        final List<Epoch> epochs = new CopyOnWriteArrayList<>();
        final List<Float> xs = new CopyOnWriteArrayList<>();   // where each epoch ended, in epochs of progress
        final List<float[]> batches = new CopyOnWriteArrayList<>();   // [epoch + fraction, cost, accuracy]
        volatile float[][] maps;
        private final List<SseClient> listeners = new CopyOnWriteArrayList<>();
        private long lastBatchEvent, lastMaps;
        private volatile boolean stopRequested;

        Session(int id, Options o) {
            this.id = id;
            this.options = o;
            Cost cost = Cost.parse(o.cost());
            Activation hidden = Activation.parse(o.activation());
            network = Network.create(new Architecture(o.layers(), Mnist.SHAPE, hidden, cost.defaultOutput(), cost), Initializer.parse(o.init()), o.seed());
            settings = new TrainingSettings(o.epochs(), o.batchSize(), o.learningRate(), new Optimizer.Sgd(), Regularization.NONE,
                    Schedule.CONSTANT, o.seed(), 0f, 0, null, 0f);
            maps = weightMaps();
        }

        /** The first layer's first {@link #MAPS} weight maps, rounded (read on the training thread or when idle). */
        float[][] weightMaps() {
            Dense first = (Dense) network.layers.getFirst();
            int n = Math.min(MAPS, first.fanOut);
            float[][] m = new float[n][];
            for (int j = 0; j < n; j++) m[j] = DigitLab.rounded(java.util.Arrays.copyOfRange(first.w(), j * 784, (j + 1) * 784), 784);
            return m;
        }

        @Override public void onBatch(Batch b) {
            long now = System.nanoTime();
            if (now - lastBatchEvent < 100_000_000L && b.batch() != b.batches()) return;
            lastBatchEvent = now;
            float x = base + (b.epoch() - 1) + (float) b.batch() / b.batches();
            position = x;
            float[] point = {x, (float) b.cost(), (float) b.accuracy()};
            if (batches.size() < 5000) batches.add(point);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("epoch", epochsDone + b.epoch());
            event.put("batch", b.batch());
            event.put("batches", b.batches());
            event.put("point", point);
            event.put("samples_per_second", Math.round(b.samplesPerSecond()));
            if (now - lastMaps > 500_000_000L) {
                lastMaps = now;
                maps = weightMaps();
                event.put("maps", maps);
            }
            send("batch", event);
        }

        @Override public void onEpoch(Epoch e) {
            Epoch shifted = new Epoch(epochsDone + e.epoch(), epochsDone + e.epochs(), e.trainCost(), e.trainAccuracy(), e.testCost(),
                    e.testAccuracy(), e.validationAccuracy(), e.seconds(), e.samplesPerSecond(), e.learningRate());
            epochs.add(shifted);
            xs.add(base + e.epoch());
            maps = weightMaps();
            send("epoch", Map.of("epoch", epochJson(shifted, base + e.epoch()), "maps", maps));
        }

        @Override public boolean keepGoing() { return !stopRequested; }

        void run(int epochCount) {
            stopRequested = false;
            base = position;
            state = State.RUNNING;
            message = trainingSet == null ? "reading MNIST" : "training";
            sendState();
            Thread t = new Thread(() -> {
                try {
                    TrainingSettings s = settings.withEpochs(epochCount).withSeed(options.seed() + epochsDone);
                    Trainer.Result r = Trainer.train(network, training(options.examples()), testSlice(), s, this);
                    synchronized (this) { epochsDone += r.epochs(); }
                    boolean all = epochsDone >= options.epochs();
                    state = stopRequested && !all ? State.STOPPED : State.FINISHED;
                    message = state == State.FINISHED ? "finished " + epochsDone + " epochs" : "stopped after " + epochsDone + " epochs";
                } catch (BadInputException e) {
                    state = State.FAILED;
                    message = e.getMessage();
                } catch (Throwable e) {
                    e.printStackTrace();
                    state = State.FAILED;
                    message = "training failed: " + e;
                }
                maps = weightMaps();
                sendState();
            }, "live-training-" + id);
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            t.start();
        }

        void stop() {
            if (state == State.RUNNING) { stopRequested = true; state = State.STOPPING; message = "stopping"; sendState(); }
        }

        boolean active() { return state == State.RUNNING || state == State.STOPPING; }

        Map<String, Object> status() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("state", state.name().toLowerCase());
            m.put("message", message);
            m.put("network", network.toString());
            m.put("parameters", network.parameterCount());
            m.put("options", options);
            m.put("epochs_done", epochsDone);
            m.put("position", position);
            return m;
        }

        Map<String, Object> snapshot() {
            Map<String, Object> m = status();
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < epochs.size(); i++) list.add(epochJson(epochs.get(i), xs.get(i)));
            m.put("epochs", list);
            m.put("batches", batches);
            m.put("maps", maps);
            return m;
        }

        void sendState() { send("state", status()); }

        /**
         * Listens from now on, snapshot first. The client joins the listeners before the snapshot is taken and
         * holds its own lock while it is sent, so an event sent meanwhile (the last "state" of a run that just
         * ended) waits and follows the snapshot instead of being lost between the two.
         */
        void subscribe(SseClient client) {
            client.keepAlive();
            client.onClose(() -> listeners.remove(client));
            synchronized (client) {
                listeners.add(client);
                client.sendEvent("snapshot", snapshot());
            }
        }

        private void send(String event, Object data) {
            for (SseClient c : listeners) {
                if (c.terminated()) { listeners.remove(c); continue; }
                synchronized (c) { c.sendEvent(event, data); }
            }
        }
    }

    private final Map<Integer, Session> sessions = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Supplier<Dataset> trainingSource, testSource;
    private volatile Dataset trainingSet, testSlice;
    /** Held while MNIST is read, not the sessions' lock: starting a session never waits for the reading. */
    private final Object dataLock = new Object();
    /** Set when the server stops: data read after that is not kept. */
    private boolean closed;

    LiveTraining(Supplier<Dataset> trainingSource, Supplier<Dataset> testSource) {
        this.trainingSource = trainingSource;
        this.testSource = testSource;
    }

    /**
     * Reads MNIST now, in the background, so that the first Start trains at once instead of reading
     * 70,000 images first (a few seconds, much longer on a busy machine). A failure here is left for
     * the first session to report.
     */
    LiveTraining readDataInBackground() {
        Thread t = new Thread(() -> {
            try { training(Integer.MAX_VALUE); testSlice(); }
            catch (RuntimeException e) { /* the first session reads again and says what is wrong */ }
        }, "live-training-data");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return this;
    }

    private Dataset training(int examples) {
        Dataset t = trainingSet;
        if (t == null) synchronized (dataLock) {
            if ((t = trainingSet) == null) { t = trainingSource.get(); if (!closed) trainingSet = t; }
        }
        return examples >= t.size() ? t : t.slice(0, examples);
    }

    private Dataset testSlice() {
        Dataset t = testSlice;
        if (t == null) synchronized (dataLock) {
            if ((t = testSlice) == null) { Dataset all = testSource.get(); t = all.slice(0, Math.min(TEST_IMAGES, all.size())); if (!closed) testSlice = t; }
        }
        return t;
    }

    static Map<String, Object> epochJson(TrainingListener.Epoch e, float x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("x", x);
        m.put("train_cost", finite(e.trainCost()));
        m.put("train_accuracy", finite(e.trainAccuracy()));
        m.put("test_cost", finite(e.testCost()));
        m.put("test_accuracy", finite(e.testAccuracy()));
        m.put("seconds", finite(e.seconds()));
        return m;
    }

    private static Double finite(double v) { return Double.isFinite(v) ? v : null; }

    /** Starts a new session, unless too many are training already. */
    synchronized Session start(Options o) {
        long running = sessions.values().stream().filter(Session::active).count();
        if (running >= MAX_RUNNING)
            throw ApiException.tooMany(running + " live trainings are running, the most this server allows; stop one or try again later.");
        Session s = new Session(ids.incrementAndGet(), o);
        while (sessions.size() >= MAX_SESSIONS) {
            Integer oldest = sessions.values().stream().filter(x -> !x.active()).map(x -> x.id).findFirst().orElse(null);
            if (oldest == null) break;
            sessions.remove(oldest);
        }
        sessions.put(s.id, s);
        s.run(o.epochs());
        return s;
    }

    synchronized Session get(int id) {
        Session s = sessions.get(id);
        if (s == null) throw ApiException.notFound("there is no live training " + id + "; it may have ended long ago (POST /api/training starts one).");
        return s;
    }

    synchronized List<Map<String, Object>> list() { return sessions.values().stream().map(Session::status).toList(); }

    synchronized Session resume(int id) {
        Session s = get(id);
        if (s.active()) throw ApiException.conflict("training " + id + " is already running.");
        if (s.state == State.FAILED) throw ApiException.conflict("training " + id + " failed (" + s.message + "); start a new one.");
        long running = sessions.values().stream().filter(Session::active).count();
        if (running >= MAX_RUNNING) throw ApiException.tooMany(running + " live trainings are running, the most this server allows; stop one first.");
        int left = s.options.epochs() - s.epochsDone;
        s.run(left > 0 ? left : s.options.epochs());
        return s;
    }

    /** Saves a stopped or finished session as models/NAME.gbx and lists it with the other models; never over an existing file. */
    Path save(int id, String name, Models models) throws IOException {
        Session s = get(id);
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}"))
            throw new BadInputException("a model name is 1 to 40 lower-case letters, digits and dashes, like 'my-16-16'.");
        if (s.active()) throw ApiException.conflict("stop training " + id + " before saving it.");
        if (models.contains(name)) throw ApiException.conflict("a model named '" + name + "' exists already; choose another name.");
        Map<String, Object> provenance = ModelFile.provenance("web lab live training " + id, "mnist (first " + s.options.examples() + " training images)",
                s.options.seed(), s.options.init(), s.settings, s.epochsDone, Double.NaN);
        if (!s.epochs.isEmpty() && Double.isFinite(s.epochs.getLast().testAccuracy()))
            provenance.put("test_accuracy_2000", s.epochs.getLast().testAccuracy());
        synchronized (s) {
            return models.saveNew(name, s.network, provenance);
        }
    }

    /**
     * Asks every session to stop (the server is shutting down) and lets go of MNIST (about 220 MB as
     * floats): a stopped server kept by its owner, like a test's, should not hold it.
     */
    synchronized void stopAll() {
        sessions.values().forEach(Session::stop);
        synchronized (dataLock) {
            closed = true;
            trainingSet = testSlice = null;
        }
    }
}
