package glassbox.engine;

import java.util.Locale;

/**
 * A pull of the weights toward zero, added to the cost: L2 adds (λ/2n) Σ w², L1 adds (λ/n) Σ |w|,
 * n the number of training examples (Nielsen's convention, so λ = 5 means the same at any batch size).
 * Biases are not pulled.
 */
public record Regularization(Kind kind, float lambda) {
    public enum Kind { NONE, L1, L2 }

    public static final Regularization NONE = new Regularization(Kind.NONE, 0f);

    public Regularization {
        if (!(lambda >= 0) || Float.isInfinite(lambda))
            throw new BadInputException("the regularisation strength lambda must be 0 or more, not " + lambda + ".");
    }

    public static Regularization l2(float lambda) { return new Regularization(Kind.L2, lambda); }

    public static Regularization l1(float lambda) { return new Regularization(Kind.L1, lambda); }

    /** ∂/∂w of the regulariser's term: (λ/n)·w for L2, (λ/n)·sign(w) for L1. */
    public float pull(float w, int n) {
        return switch (kind) {
            case NONE -> 0f;
            case L2 -> lambda / n * w;
            case L1 -> lambda / n * Math.signum(w);
        };
    }

    /** The regulariser's own cost, (λ/2n) Σ w² or (λ/n) Σ |w| over the weights that decay. */
    public double cost(java.util.List<Param> params, int n) {
        if (kind == Kind.NONE) return 0;
        double s = 0;
        for (Param p : params) {
            if (!p.decays()) continue;
            for (float w : p.value()) s += kind == Kind.L2 ? 0.5 * w * w : Math.abs(w);
        }
        return lambda / n * s;
    }

    /** none, l1 or l2 with λ. */
    public static Regularization parse(String name, float lambda) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none", "" -> NONE;
            case "l1" -> l1(lambda);
            case "l2" -> l2(lambda);
            default -> throw new BadInputException("unknown regularisation '" + name + "': use none, l1 or l2.");
        };
    }

    @Override public String toString() { return kind == Kind.NONE ? "none" : kind.name().toLowerCase(Locale.ROOT) + " " + lambda; }
}
