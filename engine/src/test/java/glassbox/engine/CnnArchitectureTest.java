package glassbox.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layer-chain grammar for convolutional networks, and its errors. */
class CnnArchitectureTest {
    static final Shape MNIST = new Shape(1, 28, 28);

    static Network build(String layers) {
        return new Architecture(layers, MNIST, new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood()).build();
    }

    @Test void the_design_string_is_pytorch_case_d_with_same_padding() {
        Network n = build("conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10");
        assertThat(n.layers.stream().map(l -> l.outputShape().toString()).toList())
                .containsExactly("32x28x28", "32x14x14", "64x14x14", "64x7x7", "128", "10");
        assertThat(n.parameterCount()).as("(32·25 + 32) + (64·800 + 64) + (3136·128 + 128) + (128·10 + 10)").isEqualTo(454_922);
        assertThat(((Conv2d) n.layers.getFirst()).activation).isInstanceOf(Activation.Relu.class);
        assertThat(n.output().activation).isInstanceOf(Activation.Softmax.class);
    }

    @Test void stride_and_padding_suffixes_set_the_output_size() {
        Network n = build("conv5x5x20p0-maxpool2-conv3x3x16s2p1-avgpool2s1-flatten-dropout0.5-fc10");
        assertThat(n.layers.stream().map(l -> l.outputShape().toString()).toList())
                .containsExactly("20x24x24", "20x12x12", "16x6x6", "16x5x5", "400", "400", "10");
        assertThat(n.layers.stream().map(Layer::spec).toList())
                .containsExactly("conv5x5x20p0", "maxpool2", "conv3x3x16s2", "avgpool2s1", "flatten", "dropout0.5", "fc10");
    }

    @Test void bn_leaves_the_layer_before_linear_and_applies_the_activation_itself() {
        Network n = build("conv3x3x8-bn-pool2-fc32-bn-fc10");
        assertThat(((Conv2d) n.layers.get(0)).activation).isInstanceOf(Activation.Linear.class);
        assertThat(((BatchNorm) n.layers.get(1)).activation).isInstanceOf(Activation.Relu.class);
        assertThat(((Dense) n.layers.get(3)).activation).isInstanceOf(Activation.Linear.class);
        assertThat(n.params().stream().filter(p -> !p.trained()).map(Param::name).toList())
                .containsExactly("layer1.running_mean", "layer1.running_var", "layer4.running_mean", "layer4.running_var");
    }

    @Test void a_kernel_larger_than_its_input_is_refused_naming_the_layer() {
        assertThatThrownBy(() -> build("conv5x5x32p0-pool2-conv5x5x64p0-pool2-conv5x5x64p0-fc10"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("layer 5 'conv5x5x64p0' has a 5x5 kernel but its input is only 4x4");
    }

    @Test void a_pool_window_larger_than_its_input_is_refused() {
        assertThatThrownBy(() -> build("fc100-pool2-fc10")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("layer 2 'pool2' pools 2x2 windows but its input is only 1x1");
    }

    @Test void tokens_that_do_not_parse_say_which_layer_and_what_is_allowed() {
        assertThatThrownBy(() -> build("conv5x5-fc10")).hasMessageStartingWith("layer 1 'conv5x5' is not a layer: use convKxKxN");
        assertThatThrownBy(() -> build("conv5x3x8-fc10")).hasMessageContaining("only square kernels");
        assertThatThrownBy(() -> build("conv3x3x8s0-fc10")).hasMessageContaining("stride 0");
        assertThatThrownBy(() -> build("conv3x3x8p3-fc10")).hasMessageContaining("padding 3; padding must be smaller than the kernel size 3");
        assertThatThrownBy(() -> build("conv3x3x8-dropout1.5-fc10")).hasMessageContaining("layer 2 'dropout1.5' needs a probability in [0, 1)");
        assertThatThrownBy(() -> build("bn-fc10")).hasMessageContaining("layer 1 'bn' must follow a conv or fc layer");
        assertThatThrownBy(() -> build("conv3x3x8-pool2")).hasMessageContaining("must end with a dense layer");
        assertThatThrownBy(() -> build("conv3x3x1000000-fc10")).hasMessageContaining("layer 1 'conv3x3x1000000' would make 784000000 values");
    }

    /** The count worked out from shapes alone (what refuses a network too large, unbuilt) is what a built network holds. */
    @Test void the_planned_parameter_count_is_what_the_built_network_holds() {
        for (String layers : new String[] {"conv5x5x32-pool2-conv5x5x64-pool2-fc128-fc10", "conv5x5x20p0-maxpool2-conv3x3x16s2p1-avgpool2s1-flatten-dropout0.5-fc10",
                "deskew-conv3x3x32-bn-conv3x3x32-bn-pool2-conv5x5x64s2p2-bn-dropout0.4-fc128-bn-fc10", "width20-conv5x5x8-pool2s1-fc10", "784-16-16-10"}) {
            Architecture a = new Architecture(layers, MNIST, new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
            long held = 0;
            for (Param p : a.build().params()) held += p.size();
            assertThat(a.parameterCount()).as(layers).isEqualTo(held);
        }
    }

    @Test void a_network_over_the_allowed_count_is_refused_unbuilt() {
        Architecture a = new Architecture("fc4000" + "-fc4000".repeat(200) + "-fc10", MNIST, new Activation.Relu(), new Activation.Softmax(), new Cost.SoftmaxLogLikelihood());
        assertThat(a.parameterCount()).isEqualTo(784 * 4000 + 4000 + 200L * (4000 * 4000 + 4000) + 4000 * 10 + 10);
        assertThatThrownBy(() -> a.build(1_000_000)).isInstanceOf(Architecture.TooLarge.class).hasMessageContaining("3,203,980,010 parameters");
    }
}
