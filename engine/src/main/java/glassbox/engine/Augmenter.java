package glassbox.engine;

import java.util.Random;

/** Distorts a gathered training batch in place (shifts, rotations, elastic warps), seeded by the trainer. */
@FunctionalInterface
public interface Augmenter {
    /** x holds batch examples of shape's size each; rewrite them in place. */
    void apply(float[] x, int batch, Shape shape, Random random);
}
