package glassbox.app.web;

import glassbox.engine.BadInputException;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The trained models the lab serves: every .gbx file in the models folder, named by its file name
 * without ".gbx". A network is not thread-safe (each layer keeps its last batch), so the loaded one is
 * only a template: a request borrows a copy from the model's pool and gives it back.
 */
final class Models {
    /** The order the switcher lists the seeds' models in; others follow by name. */
    private static final List<String> PREFERRED = List.of("mlp-16-16", "mlp-16-16-best", "mlp-30", "mlp-32-32", "mlp-100", "cnn-best", "cnn-committee");

    /** One model: the template (never run), its provenance, and idle copies for requests to borrow. */
    record Entry(String name, Path path, Network template, Map<String, Object> provenance, ConcurrentLinkedQueue<Network> pool) {}

    private final Path folder;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Path, String> broken = new ConcurrentHashMap<>();

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
                add(name, p, m.network(), m.provenance());
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

    void add(String name, Path path, Network network, Map<String, Object> provenance) {
        entries.put(name, new Entry(name, path, network.copy(), provenance == null ? Map.of() : provenance, new ConcurrentLinkedQueue<>()));
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

    /** Runs work on a copy of the model that no other thread uses meanwhile. */
    <T> T with(String name, Function<Network, T> work) {
        Entry e = get(name);
        Network net = e.pool().poll();
        if (net == null) net = e.template().copy();
        try {
            return work.apply(net);
        } finally {
            e.pool().offer(net);
        }
    }

    static String shorten(String s) { return s.length() > 60 ? s.substring(0, 60) + "..." : s; }
}
