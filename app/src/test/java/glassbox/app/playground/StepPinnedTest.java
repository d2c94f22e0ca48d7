package glassbox.app.playground;

import glassbox.engine.Network;
import glassbox.engine.Param;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The playground's and the lessons' training through the engine's one learning step, pinned: the playground's
 * weights bit for bit, as they were before it shared the step with the trainer. Lesson 4 used to step in double
 * precision by hand, v ← v − (float) (2η g / n); the engine's SGD step rounds in float, so after 400 epochs its
 * figures moved in the fifth digit. Both are pinned: the step's exact result, and the old one within 1e-3.
 */
class StepPinnedTest {

    /** Every parameter's float bits, hashed in the model file's order. */
    static long checksum(Network net) {
        long h = 1;
        for (Param p : net.params()) h = 31 * h + Arrays.hashCode(p.value());
        return h;
    }

    static PlaygroundConfig config(String regularization) {
        return new PlaygroundConfig("classification", "spiral", 10, 50, 7, List.of("x", "y", "sinX"), new int[] {6, 4}, "tanh", 0.03,
                regularization, 0.003, 5L, null);
    }

    @Test void the_playground_learns_the_same_bits_through_the_shared_step() {
        Map<String, Long> before = Map.of("none", -54934786967043178L, "l1", -25315081367486993L, "l2", 11022661890930518L);   // main at 1b43d67
        for (String reg : before.keySet()) {
            PlaygroundSession s = new PlaygroundSession("t", config(reg));
            s.train(40);
            assertThat(checksum(s.network())).as(reg).isEqualTo(before.get(reg));
        }
    }

    @Test void lesson_four_descends_through_the_shared_step_to_within_a_ten_thousandth_of_its_old_figures() {
        Map<String, Object> hill = Lessons.hill(400, 2, 3);
        Map<?, ?> one = (Map<?, ?>) hill.get("one"), two = (Map<?, ?>) hill.get("two");
        double e1 = (double) one.get("e"), w1 = (float) one.get("w"), b1 = (float) one.get("b"), e2 = (double) two.get("e");
        assertThat(new double[] {e1, w1, b1, e2}).containsExactly(0.26965586740529557, -0.29323637f, -0.7385717f, 0.07410121841880365);
        // before (double-precision hand-written step): 0.2696450141950658, -0.29317912, -0.73855686, 0.07410124115031425
        assertThat(e1).isCloseTo(0.2696450141950658, within(3e-5));
        assertThat(w1).isCloseTo(-0.29317912, within(1e-4));
        assertThat(b1).isCloseTo(-0.73855686, within(3e-5));
        assertThat(e2).isCloseTo(0.07410124115031425, within(1e-7));
    }
}
