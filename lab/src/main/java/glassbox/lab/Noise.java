package glassbox.lab;

import java.util.Random;

/** Noise images, 784 pixels in 0..1: the digit lab's noise button and the noise experiment make them here. */
public final class Noise {
    private Noise() {}

    /** One image at x[offset..]: uniform U(0,1) on a fraction level of pixels; gaussian clip(N(0.5, level²)) everywhere; salt-and-pepper 1 on a fraction level. */
    public static void fill(String kind, double level, Random random, float[] x, int offset) {
        for (int i = 0; i < 784; i++) {
            x[offset + i] = switch (kind) {
                case "uniform" -> random.nextDouble() < level ? random.nextFloat() : 0f;
                case "gaussian" -> (float) Math.max(0, Math.min(1, 0.5 + level * random.nextGaussian()));
                default -> random.nextDouble() < level ? 1f : 0f;
            };
        }
    }

    /** Pure noise, every pixel uniform in 0..1 (the seeds' "confident wrong answer" input), the same for the same seed. */
    public static float[] uniform(long seed) {
        float[] x = new float[784];
        fill("uniform", 1.0, new Random(seed), x, 0);
        return x;
    }
}
