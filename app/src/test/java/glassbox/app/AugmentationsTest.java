package glassbox.app;

import glassbox.data.Augment;
import glassbox.engine.BadInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentationsTest {
    @Test void the_documented_example_sets_every_distortion() {
        Augment a = (Augment) Augmentations.parse("shift:2,rotate:10,scale:0.1,elastic:34:4");
        assertThat(new float[] {a.shift, a.rotate, a.scale, a.elasticAlpha, a.elasticSigma}).containsExactly(2f, 10f, 0.1f, 34f, 4f);
        assertThat(a.toString()).isEqualTo("shift:2.0,rotate:10.0,scale:0.1,elastic:34.0:4.0");
    }

    @Test void elastic_alone_takes_simards_alpha_34_and_sigma_4_and_none_means_no_augmenter() {
        Augment a = (Augment) Augmentations.parse("elastic");
        assertThat(a.elasticAlpha).isEqualTo(34f);
        assertThat(a.elasticSigma).isEqualTo(4f);
        assertThat(Augmentations.parse("none")).isNull();
    }

    @Test void unknown_or_malformed_parts_are_refused_in_one_sentence() {
        assertThatThrownBy(() -> Augmentations.parse("twist:3")).isInstanceOf(BadInputException.class).hasMessageContaining("'twist:3'");
        assertThatThrownBy(() -> Augmentations.parse("shift:two")).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> Augmentations.parse("shift:1:2")).hasMessageContaining("needs a number");
    }

    /** elastic:0:0 and a part named twice were accepted: a distortion that does nothing, or half of what was typed. */
    @Test void zero_negative_and_repeated_parts_are_refused() {
        for (String text : new String[] {"elastic:0:0", "elastic:34:0", "shift:0", "rotate:-5", "scale:0", "elastic:34:-4"})
            assertThatThrownBy(() -> Augmentations.parse(text)).as(text).isInstanceOf(BadInputException.class).hasMessageContaining("above 0");
        assertThatThrownBy(() -> Augmentations.parse("scale:NaN")).isInstanceOf(BadInputException.class).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> Augmentations.parse("shift:2,shift:3")).isInstanceOf(BadInputException.class).hasMessageContaining("shift twice");
        assertThatThrownBy(() -> Augmentations.parse("rotate:5,rotation:10")).isInstanceOf(BadInputException.class).hasMessageContaining("rotate twice");
        assertThatThrownBy(() -> Augmentations.parse("shift:2,")).isInstanceOf(BadInputException.class).hasMessageContaining("--augment has ''");
    }
}
