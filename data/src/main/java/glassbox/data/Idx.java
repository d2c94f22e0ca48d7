package glassbox.data;

import glassbox.engine.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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

    /** The most bytes one IDX file may declare: what a Java array holds (MNIST's training images are 47 MB). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;

    /**
     * Reads an image file. The header is read first and the size it declares checked (against the file's
     * length when it is not gzipped) before anything is allocated; the pixels are then read as they come,
     * so a small gzip claiming billions of images costs only what it really holds.
     */
    public static Images readImages(Path file) {
        String name = file.toString();
        try (Input in = open(file)) {
            ByteBuffer b = ByteBuffer.wrap(in.header(16, "IDX image file " + name + " is truncated: it has no header."));
            int magic = b.getInt();
            if (magic != IMAGES_MAGIC) throw new BadInputException("file " + name + " is not an IDX image file (magic number " + magic + ", expected 2051).");
            int count = b.getInt(), rows = b.getInt(), cols = b.getInt();
            if (count < 0 || rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096)
                throw new BadInputException("IDX image file " + name + " has an impossible size: " + count + " images of " + rows + "x" + cols + ".");
            long need = (long) count * rows * cols;
            if (need > MAX_BYTES)
                throw new BadInputException("IDX image file " + name + " declares " + count + " images of " + rows + "x" + cols + " (" + need
                        + " bytes); Glassbox reads at most " + MAX_BYTES + " bytes from one file.");
            byte[] px = in.body(need, "IDX image file " + name + " should hold " + need + " pixel bytes after its header but holds ", ": it is truncated or corrupt.");
            return new Images(count, rows, cols, px);
        }
    }

    public static byte[] readLabels(Path file) {
        String name = file.toString();
        try (Input in = open(file)) {
            ByteBuffer b = ByteBuffer.wrap(in.header(8, "IDX label file " + name + " is truncated: it has no header."));
            int magic = b.getInt();
            if (magic != LABELS_MAGIC) throw new BadInputException("file " + name + " is not an IDX label file (magic number " + magic + ", expected 2049).");
            int count = b.getInt();
            if (count < 0) throw new BadInputException("IDX label file " + name + " declares " + count + " labels: it is corrupt.");
            return in.body(count, "IDX label file " + name + " should hold " + count + " labels but holds ", " bytes: it is truncated or corrupt.");
        }
    }

    /** An IDX file being read, gzipped or not; {@code length} is the file's size when it is not gzipped, else -1. */
    private static final class Input implements AutoCloseable {
        final Path file;
        final InputStream in;
        final long length;
        long consumed;

        Input(Path file, InputStream in, long length) { this.file = file; this.in = in; this.length = length; }

        byte[] header(int n, String truncated) {
            byte[] h = read(n);
            if (h.length < n) throw new BadInputException(truncated);
            return h;
        }

        /** Exactly {@code need} more bytes, then the end of the file; otherwise "should ... holds N what". */
        byte[] body(long need, String should, String what) {
            if (length >= 0 && length - consumed != need) throw new BadInputException(should + (length - consumed) + what);
            byte[] body = read(need);
            if (body.length < need) throw new BadInputException(should + body.length + what);
            if (read(1).length > 0) throw new BadInputException(should + "more" + what);
            return body;
        }

        /**
         * Up to n bytes. The buffer starts at 16 MB at most and is grown to the declared n only once that much
         * has really arrived, so a small file claiming billions of bytes costs what it holds, not what it claims.
         */
        private byte[] read(long n) {
            try {
                byte[] buf = new byte[(int) Math.min(n, 1 << 24)];
                int filled = 0;
                while (filled < n) {
                    if (filled == buf.length) buf = Arrays.copyOf(buf, (int) n);
                    int r = in.read(buf, filled, buf.length - filled);
                    if (r < 0) break;
                    filled += r;
                }
                consumed += filled;
                return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new BadInputException("gzipped file " + file + " is corrupt or truncated" + (e.getMessage() == null ? "." : " (" + e.getMessage() + ")."));
            } catch (IOException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage() + ".");
            }
        }

        @Override public void close() {
            try { in.close(); } catch (IOException e) { /* read only: nothing lost */ }
        }
    }

    private static Input open(Path file) {
        try {
            if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
            InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int a = raw.read(), b = raw.read();
            raw.reset();
            if (a == 0x1f && b == 0x8b) {
                try { return new Input(file, new GZIPInputStream(raw, 1 << 16), -1); }
                catch (IOException e) { raw.close(); throw new BadInputException("gzipped file " + file + " is corrupt or truncated (" + e.getMessage() + ")."); }
            }
            return new Input(file, raw, Files.size(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("file " + file + " does not exist.");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage() + ".");
        }
    }
}
