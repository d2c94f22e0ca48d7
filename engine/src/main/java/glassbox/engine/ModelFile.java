package glassbox.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A network or committee and what is known about how it was made (the provenance map, as written). */
    public record Model(Classifier classifier, Map<String, Object> provenance) {
        /** The single network in the file; a committee is refused with a sentence saying so. */
        public Network network() {
            if (classifier instanceof Network n) return n;
            throw new BadInputException("this model is a " + classifier + ", not a single network.");
        }
    }

    private ModelFile() {}

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
        byte[] json = Json.write(full).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;   // safetensors aligns the data; spaces are valid JSON padding
        byte[] headerBytes = new byte[json.length + pad];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < headerBytes.length; i++) headerBytes[i] = ' ';
        ByteBuffer out = ByteBuffer.allocate(8 + headerBytes.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length).put(headerBytes).put(data.array());
        writeAtomically(path, out.array());
    }

    /** Writes bytes to path through a temporary file in the same folder and a rename. */
    public static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try { Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE); }
            catch (AtomicMoveNotSupportedException e) { Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING); }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Model load(Path path) {
        byte[] bytes;
        try { bytes = Files.readAllBytes(path); }
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
        Map<String, Object> header;
        try { header = (Map<String, Object>) Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8)); }
        catch (BadInputException | ClassCastException e) { throw new BadInputException(bad + "has a corrupt header: " + e.getMessage()); }
        if (!(header.get("__metadata__") instanceof Map<?, ?> metaAny)) throw new BadInputException(bad + "is a safetensors file but not a Glassbox model (no __metadata__).");
        Map<String, Object> meta = (Map<String, Object>) metaAny;
        if (!FORMAT.equals(meta.get("format"))) throw new BadInputException(bad + "is not a Glassbox model (format is " + meta.get("format") + ").");
        if (!VERSION.equals(meta.get("format_version"))) throw new BadInputException(bad + "has format version " + meta.get("format_version") + "; this Glassbox reads version " + VERSION + ".");
        List<Network> nets = new java.util.ArrayList<>();
        List<String> prefixes = new java.util.ArrayList<>();
        if ("committee".equals(meta.get("kind"))) {
            int members;
            try { members = Integer.parseInt(String.valueOf(meta.get("members"))); }
            catch (NumberFormatException e) { throw new BadInputException(bad + "is a committee without a valid member count."); }
            if (members < 1 || members > 1000) throw new BadInputException(bad + "is a committee of " + members + " members; 1 to 1000 are allowed.");
            for (int m = 0; m < members; m++) prefixes.add("member" + m + ".");
        } else prefixes.add("");
        for (String prefix : prefixes) {
            try {
                String[] in = String.valueOf(meta.get(prefix + "input")).split("x");
                Shape input = new Shape(Integer.parseInt(in[0]), Integer.parseInt(in[1]), Integer.parseInt(in[2]));
                nets.add(new Architecture(String.valueOf(meta.get(prefix + "architecture")), input,
                        Activation.parse(String.valueOf(meta.get(prefix + "hidden_activation"))), Activation.parse(String.valueOf(meta.get(prefix + "output_activation"))),
                        Cost.parse(String.valueOf(meta.get(prefix + "cost")))).build());
            } catch (RuntimeException e) {
                throw new BadInputException(bad + "describes a network this Glassbox cannot build: " + e.getMessage());
            }
        }
        long dataStart = 8 + n, dataLength = bytes.length - dataStart, expected = 0;
        for (Network net : nets) for (Param p : net.params()) expected += 4L * p.size();
        String what = nets.size() == 1 ? nets.getFirst().toString() : "a committee of " + nets.size();
        if (dataLength != expected)
            throw new BadInputException(bad + "holds " + dataLength + " bytes of weights but " + what + " needs " + expected + ": it is truncated or made for another architecture.");
        CRC32 crc = new CRC32();
        crc.update(bytes, (int) dataStart, (int) dataLength);
        if (!Long.toString(crc.getValue()).equals(meta.get("crc32"))) throw new BadInputException(bad + "is corrupt: its weights do not match their checksum.");
        List<float[]> values = new java.util.ArrayList<>();
        List<Param> targets = new java.util.ArrayList<>();
        for (int k = 0; k < nets.size(); k++) {
            Network net = nets.get(k);
            for (Param p : net.params()) {
                String tensor = prefixes.get(k) + p.name();
                if (!(header.get(tensor) instanceof Map<?, ?> t)) throw new BadInputException(bad + "lacks the tensor " + tensor + " that " + net + " needs.");
                List<Object> shape = (List<Object>) t.get("shape"), offsets = (List<Object>) t.get("data_offsets");
                if (!"F32".equals(t.get("dtype")) || shape == null || offsets == null || offsets.size() != 2)
                    throw new BadInputException(bad + "describes tensor " + tensor + " in a way Glassbox does not read (it needs F32 with shape and offsets).");
                int[] s = shape.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
                if (!java.util.Arrays.equals(s, p.shape()))
                    throw new BadInputException(bad + "has " + tensor + " of shape " + java.util.Arrays.toString(s) + ", not " + java.util.Arrays.toString(p.shape()) + ".");
                long begin = ((Number) offsets.get(0)).longValue(), end = ((Number) offsets.get(1)).longValue();
                if (begin < 0 || end - begin != 4L * p.size() || end > dataLength)
                    throw new BadInputException(bad + "has offsets for " + tensor + " outside its data.");
                float[] v = new float[p.size()];
                ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < v.length; i++) {
                    v[i] = slice.getFloat();
                    if (!Float.isFinite(v[i])) throw new BadInputException(bad + "has a NaN or infinite value in " + tensor + ".");
                }
                values.add(v);
                targets.add(p);
            }
        }
        for (int k = 0; k < targets.size(); k++) System.arraycopy(values.get(k), 0, targets.get(k).value(), 0, values.get(k).length);
        Map<String, Object> provenance;
        try { provenance = (Map<String, Object>) Json.parse(String.valueOf(meta.getOrDefault("provenance", "{}"))); }
        catch (RuntimeException e) { provenance = Map.of(); }
        return new Model(nets.size() == 1 && prefixes.getFirst().isEmpty() ? nets.getFirst() : new Committee(nets), provenance);
    }
}
