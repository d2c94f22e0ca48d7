package glassbox.engine;

import java.util.Locale;

/**
 * The learning rate η over training, as a function of progress. {@code constant}; {@code step}
 * multiplies η by {@code gamma} every {@code every} epochs; {@code exp} by {@code gamma} every epoch,
 * η·γ^epoch (0.98 in An et al. 2020); {@code cosine} falls from η to 0 along half a cosine over all the
 * steps (Loshchilov & Hutter 2017, without restarts).
 */
public record Schedule(Kind kind, int every, float gamma) {
    public enum Kind { CONSTANT, STEP, EXP, COSINE }

    public static final Schedule CONSTANT = new Schedule(Kind.CONSTANT, 0, 1f);
    public static final Schedule COSINE = new Schedule(Kind.COSINE, 0, 1f);

    public Schedule {
        if (kind == Kind.STEP && (every <= 0 || !(gamma > 0 && gamma <= 1)))
            throw new BadInputException("a step schedule needs every > 0 epochs and 0 < gamma <= 1.");
        if (kind == Kind.EXP && !(gamma > 0 && gamma <= 1))
            throw new BadInputException("an exponential schedule needs 0 < GAMMA <= 1, as in exp:0.98, not " + gamma + ".");
    }

    public static Schedule step(int every, float gamma) { return new Schedule(Kind.STEP, every, gamma); }

    public static Schedule exp(float gamma) { return new Schedule(Kind.EXP, 1, gamma); }

    /** η at a given epoch (0-based) and step within all training (0..totalSteps). */
    public float rate(float base, int epoch, long step, long totalSteps) {
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * (float) Math.pow(gamma, epoch / every);
            case EXP -> base * (float) Math.pow(gamma, epoch);
            case COSINE -> base * 0.5f * (1f + (float) Math.cos(Math.PI * step / Math.max(1, totalSteps)));
        };
    }

    /** constant, cosine, step (halves every 10 epochs), step:EVERY:GAMMA, exp (x0.98 per epoch) or exp:GAMMA. */
    public static Schedule parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("constant")) return CONSTANT;
        if (s.equals("cosine")) return COSINE;
        if (s.equals("step")) return step(10, 0.5f);
        if (s.startsWith("step:")) {
            String[] p = s.split(":");
            try {
                return step(Integer.parseInt(p[1]), p.length > 2 ? Float.parseFloat(p[2]) : 0.5f);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new BadInputException("a step schedule reads step:EVERY:GAMMA, as in step:10:0.5.");
            }
        }
        if (s.equals("exp")) return exp(0.98f);
        if (s.startsWith("exp:")) {
            try {
                return exp(Float.parseFloat(s.substring(4)));
            } catch (NumberFormatException e) {
                throw new BadInputException("an exponential schedule reads exp:GAMMA, as in exp:0.98.");
            }
        }
        throw new BadInputException("unknown schedule '" + text + "': use constant, cosine, step, step:EVERY:GAMMA or exp:GAMMA.");
    }

    @Override public String toString() {
        return switch (kind) {
            case CONSTANT -> "constant";
            case COSINE -> "cosine";
            case STEP -> "step:" + every + ":" + gamma;
            case EXP -> "exp:" + gamma;
        };
    }
}
