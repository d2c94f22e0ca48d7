package glassbox.app.web;

import glassbox.engine.BadInputException;
import glassbox.engine.Classifier;
import glassbox.engine.Committee;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The trained models the lab serves: every .gbx file in the models folder, named by its file name
 * without ".gbx", a network or a committee of networks. A network is not thread-safe (each layer keeps
 * its last batch), so the loaded model is only a template: a request borrows a copy (for a committee,
 * a copy of every member) from the model's pool and gives it back. A model has a bounded number of copies
 * (see {@link #copies}; a committee's copy is over 100 MB); a request that finds them all in use waits in line.
 */
final class Models {
    /** The order the switcher lists the seeds' models in; others follow by name. */
    private static final List<String> PREFERRED = List.of("mlp-16-16", "mlp-16-16-best", "mlp-30", "mlp-32-32", "mlp-100", "cnn-best", "cnn-committee");
    /** The committee member whose layers the lab draws and inspects, counted from 1 as the page says it. */
    static final int SHOWN_MEMBER = 1;
    /**
     * Copies of one model that may exist at once: as many as fit in {@link #COPY_BUDGET} bytes of parameters,
     * at least one per core and at most {@link #MAX_COPIES}. A committee (45 MB) gets one per core, a small
     * network enough that requests rarely wait: handing a copy from one waiting thread to the next costs
     * more than an MLP's forward pass, so a small model queued on two copies would serve fewer answers.
     */
    static final long COPY_BUDGET = 256L << 20;
    static final int MIN_COPIES = Math.max(1, Runtime.getRuntime().availableProcessors()), MAX_COPIES = 64;
    /** How long a request waits in line for a copy before it is told the lab is overloaded (503). */
    static final long WAIT_SECONDS = 30;

    /**
     * One model: the template (never run), its provenance, the idle copies for requests to borrow, and
     * the permits that bound how many copies exist (a permit is held from borrowing to giving back).
     */
    record Entry(String name, Path path, Classifier template, Map<String, Object> provenance, ConcurrentLinkedQueue<Classifier> pool, int copies, Semaphore permits) {
        /** The network whose layers the lab draws and inspects: the model itself, or a committee's member 1. */
        Network shown() { return Models.shown(template); }
    }

    private final Path folder;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Path, String> broken = new ConcurrentHashMap<>();
    private final java.util.Set<String> saving = new java.util.HashSet<>();

    Models(Path folder) {
        this.folder = folder;
        refresh();
    }

    Path folder() { return folder; }

    /** Loads .gbx files that appeared since the last look; a file that cannot be read is skipped with a note on stderr. */
    synchronized void refresh() {
        if (!Files.isDirectory(folder)) return;
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".gbx") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return;
        }
        for (Path p : files) {
            String name = nameOf(p);
            if (entries.containsKey(name) || broken.containsKey(p)) continue;
            try {
                ModelFile.Model m = ModelFile.load(p);
                add(name, p, m.classifier(), m.provenance());
            } catch (BadInputException e) {
                broken.put(p, e.getMessage());
                System.err.println("glassbox: skipping " + p + ": " + e.getMessage());
            }
        }
    }

    static String nameOf(Path p) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - ".gbx".length());
    }

    void add(String name, Path path, Classifier model, Map<String, Object> provenance) {
        int copies = copies(model);
        entries.put(name, new Entry(name, path, copy(model), provenance == null ? Map.of() : provenance, new ConcurrentLinkedQueue<>(), copies, new Semaphore(copies, true)));
    }

    /** How many copies of the model may exist: its parameters and their gradients (8 bytes each) within COPY_BUDGET. */
    static int copies(Classifier model) {
        long bytes = Math.max(1, model.parameterCount() * 8);
        return (int) Math.clamp(COPY_BUDGET / bytes, MIN_COPIES, MAX_COPIES);
    }

    /** An independent copy: of the network, or of every member of the committee. */
    static Classifier copy(Classifier model) {
        return model instanceof Committee c ? new Committee(c.members.stream().map(Network::copy).toList()) : ((Network) model).copy();
    }

    /** The network the lab shows: the model itself, or a committee's member SHOWN_MEMBER. */
    static Network shown(Classifier model) {
        return model instanceof Committee c ? c.members.get(SHOWN_MEMBER - 1) : (Network) model;
    }

    boolean isEmpty() { return entries.isEmpty(); }

    boolean contains(String name) { return entries.containsKey(name); }

    /** The models in the switcher's order: the seeds' ones first, then the rest by name. */
    List<Entry> list() {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparingInt((Entry e) -> {
            int i = PREFERRED.indexOf(e.name());
            return i < 0 ? PREFERRED.size() : i;
        }).thenComparing(Entry::name));
        return all;
    }

    Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw ApiException.notFound("there is no model named '" + shorten(name) + "'; GET /api/models lists them.");
        return e;
    }

    /**
     * Runs work on a copy of the model that no other thread uses meanwhile, waiting in line (first come,
     * first served) while all its copies are busy. A copy whose work failed is dropped, not given
     * back, so a failure halfway through (out of memory while a buffer grows) leaves no broken copy behind.
     */
    <T> T with(String name, Function<Classifier, T> work) {
        Entry e = get(name);
        try {
            if (!e.permits().tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS))
                throw new ApiException(503, "model " + shorten(name) + " is answering as many requests as it can; try again in a moment.");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping; try again in a moment.");
        }
        Classifier model = null;
        boolean intact = false;
        try {
            model = e.pool().poll();
            if (model == null) model = copy(e.template());
            T result = work.apply(model);
            intact = true;
            return result;
        } catch (BadInputException ex) {
            intact = true;   // refused before it ran
            throw ex;
        } catch (OutOfMemoryError ex) {
            model = null;
            throw new ApiException(503, "the server ran out of memory running model " + shorten(name) + "; try again in a moment.");
        } finally {
            if (intact && model != null) e.pool().offer(model);
            e.permits().release();
        }
    }

    /**
     * Saves a new model as NAME.gbx in the folder and lists it. Refused (409) when a model of that name is
     * listed, a file of that name exists (listed or not), or another request is saving that name: of two
     * saves under one name, one wins. The file is written under a temporary name and then linked to its
     * own, which fails if it exists meanwhile (on a file system without links: moved, never replacing).
     */
    Path saveNew(String name, Network net, Map<String, Object> provenance) throws IOException {
        Path path = folder.resolve(name + ".gbx");
        synchronized (saving) {
            if (entries.containsKey(name) || saving.contains(name) || Files.exists(path, LinkOption.NOFOLLOW_LINKS))
                throw ApiException.conflict("a model named '" + name + "' exists already; choose another name.");
            saving.add(name);
        }
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "." + name + "-", ".tmp");
            try {
                ModelFile.save(net, provenance, tmp);
                try {
                    Files.createLink(path, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw ApiException.conflict("a model named '" + name + "' exists already; choose another name.");
                } catch (UnsupportedOperationException | IOException e) {
                    try { Files.move(tmp, path); }
                    catch (FileAlreadyExistsException again) { throw ApiException.conflict("a model named '" + name + "' exists already; choose another name."); }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            add(name, path, net, provenance);
            return path;
        } finally {
            synchronized (saving) { saving.remove(name); }
        }
    }

    static String shorten(String s) { return s.length() > 60 ? s.substring(0, 60) + "..." : s; }
}
