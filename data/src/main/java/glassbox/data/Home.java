package glassbox.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Glassbox folder, which holds models/, data/, reports/ and bench/: $GLASSBOX_HOME (the launcher sets
 * it to the repository) or the system property glassbox.home; without either, the working folder.
 */
public final class Home {
    private Home() {}

    /** $GLASSBOX_HOME, else -Dglassbox.home, else null. */
    public static String configured() {
        String home = System.getenv("GLASSBOX_HOME");
        if (home == null || home.isBlank()) home = System.getProperty("glassbox.home");
        return home == null || home.isBlank() ? null : home;
    }

    /** A folder the lab writes to (models, reports): under the home when one is set, else in the working folder. */
    public static Path folder(String name) {
        String home = configured();
        return home != null ? Path.of(home, name) : Path.of(name);
    }

    /** An existing file or folder, e.g. "models/mlp-30.gbx": under the home, else in the working folder or the nearest folder above it. */
    public static Optional<Path> find(String relative) { return find(relative, configured(), Path.of("").toAbsolutePath()); }

    /** As {@link #find(String)}, with the home (or null) and the folder to start from given. */
    public static Optional<Path> find(String relative, String home, Path from) {
        if (home != null && Files.exists(Path.of(home, relative))) return Optional.of(Path.of(home, relative).toAbsolutePath());
        for (Path p = from; p != null; p = p.getParent())
            if (Files.exists(p.resolve(relative))) return Optional.of(p.resolve(relative));
        return Optional.empty();
    }
}
