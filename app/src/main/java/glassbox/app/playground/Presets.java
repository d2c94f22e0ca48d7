package glassbox.app.playground;

import java.util.List;

/** The course's scenarios as one-click setups, each with the sentence that says what to watch for. */
final class Presets {
    private Presets() {}

    record Preset(String name, String title, String sentence, PlaygroundConfig config) {}

    static final List<Preset> ALL = List.of(
            preset("circle-2", "Circle, 2 neurons", "Two hidden neurons draw two lines; they cannot close a ring around the blue centre, so the test loss stays high.",
                    "circle", new int[] {2}, "tanh", 0.03, List.of("x", "y")),
            preset("circle-3", "Circle, 3 neurons", "With a third neuron the lines make a triangle around the centre, and the test loss falls close to zero.",
                    "circle", new int[] {3}, "tanh", 0.03, List.of("x", "y")),
            preset("xor-linear", "XOR, no hidden layer", "One neuron draws one straight line; no line separates the four quadrants, so XOR cannot be learned.",
                    "xor", new int[] {}, "tanh", 0.03, List.of("x", "y")),
            preset("xor-hidden", "XOR, 4 hidden neurons", "A hidden layer of four neurons bends the boundary into the four quadrants.",
                    "xor", new int[] {4}, "tanh", 0.03, List.of("x", "y")),
            preset("xor-product", "XOR, feature X1X2", "Give the single neuron the feature X1·X2 and XOR becomes one straight cut.",
                    "xor", new int[] {}, "tanh", 0.03, List.of("xTimesY")),
            preset("spiral-sigmoid", "Spiral, sigmoid, 3 layers", "Three sigmoid layers: the gradient shrinks by σ' ≤ ¼ at every layer, the first layers barely move and the loss stalls.",
                    "spiral", new int[] {8, 8, 8}, "sigmoid", 0.03, List.of("x", "y", "sinX", "sinY")),
            preset("spiral-relu", "Spiral, ReLU, 3 layers", "The same network with ReLU passes the gradient back undiminished and learns the spiral (watch the dead-ReLU count).",
                    "spiral", new int[] {8, 8, 8}, "relu", 0.03, List.of("x", "y", "sinX", "sinY")));

    private static Preset preset(String name, String title, String sentence, String dataset, int[] hidden, String activation, double rate, List<String> features) {
        return new Preset(name, title, sentence, new PlaygroundConfig(null, dataset, 0, 50, 10, features, hidden, activation, rate, "none", 0.0, 1L, null));
    }
}
