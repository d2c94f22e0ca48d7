package glassbox.app;

import glassbox.engine.Augmenter;
import glassbox.engine.BadInputException;

/** Reads --augment. The image distortions themselves live in the data module (see README). */
final class Augmentations {
    private Augmentations() {}

    static Augmenter parse(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("none")) return null;
        throw new BadInputException("augmentation '" + text + "' is not available yet; use none.");
    }
}
