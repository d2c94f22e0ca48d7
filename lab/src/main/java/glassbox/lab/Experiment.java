package glassbox.lab;

import java.util.Map;

/**
 * One claim of the videos, the blog or the book, tested: {@link #run} computes numbers only (a record, saved as JSON with
 * the seed in it); {@link #render} draws the figures and writes the page from that record alone, so a
 * figure can be redrawn without retraining and scripts check the JSON.
 */
public interface Experiment<R extends Record> {

    /** The command-line name: weights, noise, shift, sweep, init, errors, activations. */
    String name();

    /** The claim in a few words, for titles and the index page. */
    String title();

    R run(ExperimentContext lab);

    void render(R result, Report report);

    /** The few figures that answer the claim (printed by the command and kept in the JSON). */
    Map<String, Object> headline(R result);

    /** A figure for a headline, to 4 decimals. */
    static double round(double v) { return Math.round(v * 1e4) / 1e4; }
}
