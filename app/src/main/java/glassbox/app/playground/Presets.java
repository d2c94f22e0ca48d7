package glassbox.app.playground;

import java.util.List;

/**
 * The course's scenarios as one-click setups. Each preset's title and sentence (what to watch for) are
 * the messages playground.preset.NAME.title and .sentence in /i18n/en.json and zh.json; every sentence is
 * a measured fact, and PresetsTest trains each preset for the epochs it speaks of, with three seeds, to check it.
 */
final class Presets {
    private Presets() {}

    record Preset(String name, PlaygroundConfig config) {}

    static final List<String> XY = List.of("x", "y"), SPIRAL_FEATURES = List.of("x", "y", "sinX", "sinY");
    /** Six layers: with three, sigmoid only starts slower and then overtakes ReLU (1,000-2,000 epochs). */
    static final int[] DEEP = {8, 8, 8, 8, 8, 8};

    static final List<Preset> ALL = List.of(
            preset("circle-2", "circle", new int[] {2}, "tanh", XY),
            preset("circle-3", "circle", new int[] {3}, "tanh", XY),
            preset("xor-linear", "xor", new int[] {}, "tanh", XY),
            preset("xor-hidden", "xor", new int[] {4}, "tanh", XY),
            preset("xor-product", "xor", new int[] {}, "tanh", List.of("xTimesY")),
            preset("spiral-sigmoid", "spiral", DEEP, "sigmoid", SPIRAL_FEATURES),
            preset("spiral-relu", "spiral", DEEP, "relu", SPIRAL_FEATURES));

    static Preset named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(name));
    }

    private static Preset preset(String name, String dataset, int[] hidden, String activation, List<String> features) {
        return new Preset(name, new PlaygroundConfig(null, dataset, 0, 50, 10, features, hidden, activation, 0.03, "none", 0.0, 1L, null));
    }
}
