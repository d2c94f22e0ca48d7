package glassbox.data;

import glassbox.engine.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST (big-endian): images start with int32 magic 2051, count, rows, cols, then
 * count*rows*cols unsigned bytes row by row; labels start with magic 2049, count, then count bytes.
 * Files may be gzipped (.gz). Every check failure names the file in one sentence.
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 2051, LABELS_MAGIC = 2049;

    /** Images as bytes: count x rows x cols, 0 = background, 255 = ink. */
    public record Images(int count, int rows, int cols, byte[] pixels) {}

    private Idx() {}

    public static Images readImages(Path file) {
        ByteBuffer b = ByteBuffer.wrap(bytes(file));
        String name = file.toString();
        if (b.remaining() < 16) throw new BadInputException("IDX image file " + name + " is truncated: it has no header.");
        int magic = b.getInt();
        if (magic != IMAGES_MAGIC) throw new BadInputException("file " + name + " is not an IDX image file (magic number " + magic + ", expected 2051).");
        int count = b.getInt(), rows = b.getInt(), cols = b.getInt();
        if (count < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096)
            throw new BadInputException("IDX image file " + name + " has an impossible size: " + count + " images of " + rows + "x" + cols + ".");
        long need = (long) count * rows * cols;
        if (b.remaining() != need)
            throw new BadInputException("IDX image file " + name + " should hold " + need + " pixel bytes after its header but holds " + b.remaining() + ": it is truncated or corrupt.");
        byte[] px = new byte[(int) need];
        b.get(px);
        return new Images(count, rows, cols, px);
    }

    public static byte[] readLabels(Path file) {
        ByteBuffer b = ByteBuffer.wrap(bytes(file));
        String name = file.toString();
        if (b.remaining() < 8) throw new BadInputException("IDX label file " + name + " is truncated: it has no header.");
        int magic = b.getInt();
        if (magic != LABELS_MAGIC) throw new BadInputException("file " + name + " is not an IDX label file (magic number " + magic + ", expected 2049).");
        int count = b.getInt();
        if (count < 0 || b.remaining() != count)
            throw new BadInputException("IDX label file " + name + " should hold " + count + " labels but holds " + b.remaining() + " bytes: it is truncated or corrupt.");
        byte[] labels = new byte[count];
        b.get(labels);
        return labels;
    }

    private static byte[] bytes(Path file) {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] all = raw.readAllBytes();
            if (all.length >= 2 && (all[0] & 0xff) == 0x1f && (all[1] & 0xff) == 0x8b) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(all), 1 << 16)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(all.length * 5);
                    in.transferTo(out);
                    return out.toByteArray();
                } catch (IOException e) {
                    throw new BadInputException("gzipped file " + file + " is corrupt or truncated (" + e.getMessage() + ").");
                }
            }
            return all;
        } catch (NoSuchFileException e) {
            throw new BadInputException("file " + file + " does not exist.");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage() + ".");
        }
    }
}
