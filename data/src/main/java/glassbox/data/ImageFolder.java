package glassbox.data;

import glassbox.engine.BadInputException;
import glassbox.engine.Dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Digits as picture files, in torchvision's ImageFolder layout: one folder per class, named 0 to 9,
 * {@code FOLDER/0/*.png ... FOLDER/9/*.png}. Each picture is read by {@link DigitImage} (a 28x28 digit as
 * it is, anything else made MNIST-like); files that are not pictures by their name are skipped, as
 * torchvision does. Also lists the pictures of a folder for {@code glassbox predict}.
 */
public final class ImageFolder {
    /** The endings read as pictures: what ImageIO decodes. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".wbmp");

    private ImageFolder() {}

    /** True when dir holds at least one class folder 0..9 (and so is read as an ImageFolder, not IDX files). */
    public static boolean matches(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        for (int d = 0; d <= 9; d++) if (Files.isDirectory(dir.resolve(Integer.toString(d)))) return true;
        return false;
    }

    /** Every picture in dir/0 .. dir/9, labelled by its folder, in name order: 784 floats in 0..1 each. */
    public static Dataset read(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && !name.startsWith(".") && !name.matches("[0-9]"))
                    throw new BadInputException("folder " + dir + " has a class folder '" + name + "'; an ImageFolder of digits has folders 0 to 9 only.");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list folder " + dir + ": " + e.getMessage() + ".");
        }
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int d = 0; d <= 9; d++) {
            Path classDir = dir.resolve(Integer.toString(d));
            if (!Files.isDirectory(classDir)) continue;
            for (Path picture : pictures(classDir)) {
                images.add(DigitImage.fromFile(picture));
                labels.add(d);
            }
        }
        if (images.isEmpty()) throw new BadInputException("folder " + dir + " holds no pictures in its folders 0 to 9 (" + String.join(", ", EXTENSIONS) + ").");
        float[] x = new float[images.size() * Mnist.SHAPE.size()];
        int[] y = new int[images.size()];
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(images.get(i), 0, x, i * Mnist.SHAPE.size(), Mnist.SHAPE.size());
            y[i] = labels.get(i);
        }
        return Dataset.classification(dir.toString(), x, y, Mnist.SHAPE, 10);
    }

    /** The picture files under dir, in every subfolder, sorted by path; hidden files and other files are left out. */
    public static List<Path> pictures(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) && isPicture(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("cannot list folder " + dir + ": " + e.getMessage() + ".");
        }
    }

    static boolean isPicture(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
