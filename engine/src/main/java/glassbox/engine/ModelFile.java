package glassbox.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A trained network in one file (.gbx), in the safetensors layout so other tools can read the weights:
 * <pre>
 *   u64 little-endian N | N bytes of JSON header | the tensors, little-endian float32, back to back
 * </pre>
 * The header maps each parameter name to {dtype "F32", shape, data_offsets [begin, end)} and holds
 * {@code __metadata__} (string values, as safetensors requires): {@code format} = "glassbox-model" and
 * {@code format_version} = "1" (our magic and version), the architecture, activations, cost, input shape,
 * a CRC-32 of the tensor bytes, and free-form provenance (data, seed, epochs, final metrics) as JSON text.
 * A committee ({@link Committee}) is one file too: {@code kind} = "committee", {@code members} = n, each
 * member's description under {@code member<i>.architecture} etc., its tensors named {@code member<i>.<name>}.
 * Files are written to a temporary file and renamed; a file that is truncated, forged or made for another
 * architecture is refused with one sentence and no half-built model.
 */
public final class ModelFile {
    public static final String FORMAT = "glassbox-model";
    public static final String VERSION = "1";
    private static final long MAX_HEADER = 16 << 20;
    /** The metadata key of the header's own checksum ({@link #headerChecksum}); files written before it are read without. */
    static final String HEADER_CRC = "header_crc32";
    private static final java.util.Set<String> NOT_CHECKSUMMED = java.util.Set.of("crc32", HEADER_CRC, "provenance");

    /** A network or committee and what is known about how it was made (the provenance map, as written). */
    public record Model(Classifier classifier, Map<String, Object> provenance) {
        /** The single network in the file; a committee is refused with a sentence saying so. */
        public Network network() {
            if (classifier instanceof Network n) return n;
            throw new BadInputException("this model is a " + classifier + ", not a single network.");
        }
    }

    private ModelFile() {}

    /**
     * The provenance of a network trained here, under the keys every writer uses: the data, the seed, the
     * initialisation, the settings (optimizer, learning rate, batch, schedule, regularization, ema when on), the epochs
     * run, the test accuracy (left out when not measured), when, and the command. Callers add what only they know.
     */
    public static Map<String, Object> provenance(String command, String data, long seed, String init, TrainingSettings settings, int epochs, double testAccuracy) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("data", data);
        p.put("seed", seed);
        p.put("init", init);
        p.put("optimizer", settings.optimizer().name());
        p.put("learning_rate", settings.learningRate());
        p.put("batch", settings.batchSize());
        p.put("schedule", settings.schedule().toString());
        p.put("regularization", settings.regularization().toString());
        if (settings.ema() > 0) p.put("ema", settings.ema());   // the weights are the moving average's
        p.put("epochs", epochs);
        if (Double.isFinite(testAccuracy)) p.put("test_accuracy", testAccuracy);
        p.put("created", java.time.Instant.now().toString());
        p.put("command", command);
        return p;
    }

    public static void save(Network net, Map<String, Object> provenance, Path path) throws IOException {
        save(List.of(net), "", provenance, path);
    }

    /** Saves a committee as one file: every member's description and tensors, prefixed member0., member1., ... */
    public static void save(Committee committee, Map<String, Object> provenance, Path path) throws IOException {
        save(committee.members, null, provenance, path);
    }

    /** prefix "" writes the single-network layout; null writes the committee layout. */
    private static void save(List<Network> nets, String single, Map<String, Object> provenance, Path path) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0, total = 0;
        for (Network net : nets) for (Param p : net.params()) total += p.size();
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(4 * total)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", VERSION);
        if (single == null) {
            meta.put("kind", "committee");
            meta.put("members", Integer.toString(nets.size()));
        }
        for (int m = 0; m < nets.size(); m++) {
            String prefix = single != null ? single : "member" + m + ".";
            Network net = nets.get(m);
            for (Param p : net.params()) {
                for (float v : p.value()) data.putFloat(v);
                header.put(prefix + p.name(), Map.of("dtype", "F32", "shape", p.shape(), "data_offsets", new long[] {offset, offset + 4L * p.size()}));
                offset += 4L * p.size();
            }
            Architecture a = net.architecture;
            meta.put(prefix + "architecture", a.layers());
            meta.put(prefix + "input", a.input().channels() + "x" + a.input().height() + "x" + a.input().width());
            meta.put(prefix + "hidden_activation", Activation.spec(a.hidden()));
            meta.put(prefix + "output_activation", Activation.spec(a.output()));
            meta.put(prefix + "cost", a.cost().name());
        }
        CRC32 crc = new CRC32();
        crc.update(data.array());
        meta.put("crc32", Long.toString(crc.getValue()));
        meta.put("provenance", Json.write(provenance == null ? Map.of() : provenance));
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("__metadata__", meta);
        full.putAll(header);
        meta.put(HEADER_CRC, headerChecksum(full));
        byte[] json = Json.write(full).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;   // safetensors aligns the data; spaces are valid JSON padding
        byte[] headerBytes = new byte[json.length + pad];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < headerBytes.length; i++) headerBytes[i] = ' ';
        ByteBuffer out = ByteBuffer.allocate(8 + headerBytes.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length).put(headerBytes).put(data.array());
        writeAtomically(path, out.array());
    }

    /**
     * Writes bytes to path through a temporary file in the same folder, flushed to the disk, then renamed over
     * it: a crash leaves the old file or the new one, never half of one. A file replaced keeps its permissions;
     * the temporary file is removed if anything fails.
     */
    public static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = dir.resolve("." + path.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            keepPermissions(path, tmp);
            try { Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); }
            catch (AtomicMoveNotSupportedException e) { Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING); }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The replaced file's POSIX permissions go to its replacement (a new file gets the umask's, as any new file). */
    private static void keepPermissions(Path path, Path tmp) throws IOException {
        try {
            if (Files.exists(path)) Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(path));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to keep
        }
    }

    /** Flushes the rename itself (the folder's entry) where the system allows opening a folder, as Linux does. */
    private static void syncDirectory(Path dir) {
        if (dir == null) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) { ch.force(true); }
        catch (IOException | UnsupportedOperationException e) { /* the file itself is on disk; some systems cannot sync a folder */ }
    }

    public static Model load(Path path) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) throw new BadInputException("model file " + path + " is a folder, not a model file.");
            if (Files.exists(path) && Files.size(path) > Integer.MAX_VALUE - 64)
                throw new BadInputException("model file " + path + " is " + Architecture.gigabytes(Files.size(path)) + "; Glassbox reads models under 2 GB.");
            bytes = Files.readAllBytes(path);
        }
        catch (NoSuchFileException e) { throw new BadInputException("model file " + path + " does not exist."); }
        catch (IOException e) { throw new BadInputException("cannot read model file " + path + ": " + e.getMessage() + "."); }
        return read(bytes, path.toString());
    }

    /** Parses a model from its bytes; {@code name} is used in error messages. */
    @SuppressWarnings("unchecked")
    public static Model read(byte[] bytes, String name) {
        String bad = "model file " + name + " ";
        if (bytes.length < 8) throw new BadInputException(bad + "is truncated: it has no header.");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n <= 0 || n > MAX_HEADER || n > bytes.length - 8) throw new BadInputException(bad + "is not a Glassbox model (bad header length " + n + "), or it is truncated.");
        Object parsed;
        try { parsed = Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)); }
        catch (BadInputException e) { throw new BadInputException(bad + "has a corrupt header: " + e.getMessage()); }
        if (!(parsed instanceof Map<?, ?> headerAny)) throw new BadInputException(bad + "is not a Glassbox model: its header is not a JSON object.");
        Map<String, Object> header = (Map<String, Object>) headerAny;
        if (!(header.get("__metadata__") instanceof Map<?, ?> metaAny)) throw new BadInputException(bad + "is a safetensors file but not a Glassbox model (no __metadata__).");
        Map<String, Object> meta = (Map<String, Object>) metaAny;
        if (!FORMAT.equals(meta.get("format"))) throw new BadInputException(bad + "is not a Glassbox model (format is " + meta.get("format") + ").");
        if (!VERSION.equals(meta.get("format_version"))) throw new BadInputException(bad + "has format version " + meta.get("format_version") + "; this Glassbox reads version " + VERSION + ".");
        if (meta.containsKey(HEADER_CRC) && !headerChecksum(header).equals(meta.get(HEADER_CRC)))
            throw new BadInputException(bad + "is corrupt: its header (architecture, activations, cost or tensor table) does not match its checksum.");
        long dataStart = 8 + n, dataLength = bytes.length - dataStart;
        Map<String, Tensor> tensors = tensorTable(header, dataLength, bad);

        List<String> prefixes = new ArrayList<>();
        if ("committee".equals(meta.get("kind"))) {
            int members;
            try { members = Integer.parseInt(String.valueOf(meta.get("members"))); }
            catch (NumberFormatException e) { throw new BadInputException(bad + "is a committee without a valid member count."); }
            if (members < 1 || members > 1000) throw new BadInputException(bad + "is a committee of " + members + " members; 1 to 1000 are allowed.");
            for (int m = 0; m < members; m++) prefixes.add("member" + m + ".");
        } else prefixes.add("");
        // Every network is checked against the weights the file holds before any layer is allocated.
        long budget = dataLength / 4;
        List<Network> nets = new ArrayList<>();
        for (String prefix : prefixes) {
            Architecture a = architecture(meta, prefix, bad);
            try {
                Network net = a.build(budget);
                nets.add(net);
                for (Param p : net.params()) budget -= p.size();
            } catch (Architecture.TooLarge e) {
                throw new BadInputException(bad + "describes " + (prefixes.size() > 1 ? "member " + prefix + " " : "") + a + ", which needs "
                        + String.format("%,d", e.needed) + " numbers, more than the " + String.format("%,d", dataLength / 4) + " weights the file holds: it is truncated or made for another architecture.");
            } catch (RuntimeException e) {
                throw new BadInputException(bad + "describes a network this Glassbox cannot build: " + e.getMessage());
            }
        }
        long expected = 0;
        for (Network net : nets) for (Param p : net.params()) expected += 4L * p.size();
        String what = nets.size() == 1 ? nets.getFirst().toString() : "a committee of " + nets.size();
        if (dataLength != expected)
            throw new BadInputException(bad + "holds " + dataLength + " bytes of weights but " + what + " needs " + expected + ": it is truncated or made for another architecture.");
        CRC32 crc = new CRC32();
        crc.update(bytes, (int) dataStart, (int) dataLength);
        if (!Long.toString(crc.getValue()).equals(meta.get("crc32"))) throw new BadInputException(bad + "is corrupt: its weights do not match their checksum.");
        List<float[]> values = new ArrayList<>();
        List<Param> targets = new ArrayList<>();
        for (int k = 0; k < nets.size(); k++) {
            Network net = nets.get(k);
            for (Param p : net.params()) {
                String name2 = prefixes.get(k) + p.name();
                Tensor t = tensors.get(name2);
                if (t == null) throw new BadInputException(bad + "lacks the tensor " + name2 + " that " + net + " needs.");
                if (!Arrays.equals(t.shape, p.shape()))
                    throw new BadInputException(bad + "has " + name2 + " of shape " + Arrays.toString(t.shape) + ", not " + Arrays.toString(p.shape()) + ".");
                float[] v = new float[p.size()];
                ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + t.begin), (int) (t.end - t.begin)).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < v.length; i++) {
                    v[i] = slice.getFloat();
                    if (!Float.isFinite(v[i])) throw new BadInputException(bad + "has a NaN or infinite value in " + name2 + ".");
                }
                values.add(v);
                targets.add(p);
            }
        }
        for (int k = 0; k < targets.size(); k++) System.arraycopy(values.get(k), 0, targets.get(k).value(), 0, values.get(k).length);
        Map<String, Object> provenance;
        try { provenance = (Map<String, Object>) Json.parse(String.valueOf(meta.getOrDefault("provenance", "{}"))); }
        catch (RuntimeException e) { provenance = Map.of(); }
        if (provenance == null) provenance = Map.of();
        return new Model(nets.size() == 1 && prefixes.getFirst().isEmpty() ? nets.getFirst() : new Committee(nets), provenance);
    }

    /** One entry of the tensor table: its shape and its bytes [begin, end) in the data section. */
    private record Tensor(int[] shape, long begin, long end) {}

    /**
     * Reads and checks the whole tensor table against the file before anything is built: every entry F32,
     * its shape whole numbers, its offsets inside the data and 4 bytes per value, the entries back to back
     * from the first byte of the data to the last (as safetensors requires).
     */
    private static Map<String, Tensor> tensorTable(Map<String, Object> header, long dataLength, String bad) {
        Map<String, Tensor> table = new LinkedHashMap<>();
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            String t = e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> entry) || !"F32".equals(entry.get("dtype"))
                    || !(entry.get("shape") instanceof List<?> shape) || !(entry.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2 || shape.size() > 8)
                throw new BadInputException(bad + "describes tensor " + t + " in a way Glassbox does not read (it needs dtype F32, a shape and two data_offsets).");
            int[] s = new int[shape.size()];
            long count = 1;
            for (int i = 0; i < s.length; i++) {
                long d = wholeNumber(shape.get(i), bad + "has a shape for " + t + " that is not a list of whole numbers.");
                if (d > Integer.MAX_VALUE) throw new BadInputException(bad + "has a shape for " + t + " too large to hold.");
                s[i] = (int) d;
                count *= d;   // at most 8 factors below 2^31 each: refused above before this can overflow
                if (count > dataLength) throw new BadInputException(bad + "has a shape for " + t + " larger than the data the file holds: it is truncated or corrupt.");
            }
            String offsetsBad = bad + "has data_offsets for " + t + " that are not two whole numbers.";
            long begin = wholeNumber(offsets.get(0), offsetsBad), end = wholeNumber(offsets.get(1), offsetsBad);
            if (begin > end || end > dataLength || end - begin != 4 * count)
                throw new BadInputException(bad + "has offsets for " + t + " outside its data, or not 4 bytes for each of its values: it is truncated or corrupt.");
            table.put(t, new Tensor(s, begin, end));
        }
        List<Tensor> byOffset = new ArrayList<>(table.values());
        byOffset.sort(java.util.Comparator.comparingLong(Tensor::begin));
        long at = 0;
        for (Tensor x : byOffset) {
            if (x.begin != at) throw new BadInputException(bad + "has tensors that overlap or leave gaps in its data: it is corrupt.");
            at = x.end;
        }
        if (at != dataLength) throw new BadInputException(bad + "holds " + dataLength + " bytes of weights but its tensor table covers " + at + ": it is truncated or corrupt.");
        return table;
    }

    private static long wholeNumber(Object o, String message) {
        if (!(o instanceof Double d) || d < 0 || d != Math.rint(d) || d > 1e15) throw new BadInputException(message);
        return d.longValue();
    }

    /** The architecture one network (prefix "" or "member3.") is described with; nothing is built yet. */
    private static Architecture architecture(Map<String, Object> meta, String prefix, String bad) {
        try {
            String[] in = text(meta, prefix + "input").split("x");
            if (in.length != 3) throw new BadInputException("its input shape is not CxHxW.");
            Shape input = new Shape(Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(in[2]));
            return new Architecture(text(meta, prefix + "architecture"), input, Activation.parse(text(meta, prefix + "hidden_activation")),
                    Activation.parse(text(meta, prefix + "output_activation")), Cost.parse(text(meta, prefix + "cost")));
        } catch (RuntimeException e) {
            throw new BadInputException(bad + "describes a network this Glassbox cannot build: " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> meta, String key) {
        if (!(meta.get(key) instanceof String s)) throw new BadInputException("its " + key + " is missing or not text.");
        return s;
    }

    /**
     * CRC-32 of what the header says about the network, so an edited activation or shape is caught like a
     * flipped weight: every entry but the checksums and the free-form provenance, keys sorted, as JSON.
     */
    static String headerChecksum(Map<String, Object> header) {
        CRC32 crc = new CRC32();
        crc.update(Json.write(sorted(header, true)).getBytes(StandardCharsets.UTF_8));
        return Long.toString(crc.getValue());
    }

    private static Object sorted(Object v, boolean top) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> s = new TreeMap<>();
            for (var e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!top && NOT_CHECKSUMMED.contains(k)) continue;
                s.put(k, sorted(e.getValue(), false));
            }
            return s;
        }
        return v;
    }
}
