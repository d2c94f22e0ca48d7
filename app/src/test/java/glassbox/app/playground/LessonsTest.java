package glassbox.app.playground;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LessonsTest {

    @SuppressWarnings("unchecked")
    static List<double[]> path(Map<String, Object> r) { return (List<double[]>) r.get("path"); }

    @Test void the_engine_gradient_of_y_equals_w_x_matches_the_closed_form() {
        List<Lessons.Bean> beans = Lessons.beans("line");
        double w = 0.3, closed = 0, e = 0;
        for (Lessons.Bean b : beans) { closed += -2 * (b.y() - w * b.x()) * b.x(); e += Math.pow(b.y() - w * b.x(), 2); }
        double[] first = path(Lessons.descend("line", w, 0, 0.05, 0, 0)).getFirst();
        assertThat(first[2]).as("e(w)").isCloseTo(e / beans.size(), within(1e-4));
        assertThat(first[3]).as("de/dw").isCloseTo(closed / beans.size(), within(1e-4));
    }

    @Test void a_small_rate_slides_down_the_parabola_and_a_large_one_diverges() {
        List<double[]> small = path(Lessons.descend("line", 0, 0, 0.05, 60, 0));
        for (int i = 1; i < small.size(); i++) assertThat(small.get(i)[2]).isLessThanOrEqualTo(small.get(i - 1)[2]);
        assertThat(small.getLast()[0]).isCloseTo(0.91, within(0.02));
        List<double[]> large = path(Lessons.descend("line", 0, 0, 0.35, 60, 0));
        assertThat(Math.abs(large.getLast()[0])).isGreaterThan(100);
    }

    @Test void the_bowl_path_ends_at_the_bottom_of_the_bowl() {
        List<double[]> p = path(Lessons.descend("bowl", 0, 0, 0.1, 200, 0));
        assertThat(p.getLast()[0]).isCloseTo(0.6, within(0.15));
        assertThat(p.getLast()[1]).isCloseTo(0.8, within(0.3));
        assertThat(p.getLast()[2]).isLessThan(p.getFirst()[2] / 10);
    }

    @SuppressWarnings("unchecked")
    @Test void the_chain_rule_numbers_multiply_to_the_engines_backprop() {
        Map<String, Object> chain = (Map<String, Object>) Lessons.descend("sigmoid", 0.7, -1, 1, 5, 17).get("chain");
        double a = (Double) chain.get("a"), y = (Double) chain.get("y"), x = (Double) chain.get("x");
        assertThat((Double) chain.get("de_da")).isCloseTo(-2 * (y - a), within(1e-9));
        assertThat((Double) chain.get("da_dz")).isCloseTo(a * (1 - a), within(1e-6));
        assertThat((Double) chain.get("de_dw")).isCloseTo((Double) chain.get("engine_de_dw"), within(1e-6));
        assertThat((Double) chain.get("de_db")).isCloseTo((Double) chain.get("engine_de_db"), within(1e-6));
        assertThat((Double) chain.get("dz_dw")).isEqualTo(x);
    }

    @SuppressWarnings("unchecked")
    @Test void two_hidden_neurons_fit_the_hill_that_one_neuron_cannot() {
        Map<String, Object> r = Lessons.hill(3000, 2, 3);
        double one = (Double) ((Map<String, Object>) r.get("one")).get("e"), two = (Double) ((Map<String, Object>) r.get("two")).get("e");
        assertThat(one).as("one neuron").isGreaterThan(0.2);
        assertThat(two).as("two hidden neurons").isLessThan(0.03);
        Map<String, Object> t = (Map<String, Object>) r.get("two");
        double[][] share = (double[][]) t.get("share");
        double[] z = (double[]) t.get("z");
        double b = ((Number) t.get("b")).doubleValue();
        assertThat(share[0][60] + share[1][60] + b).as("z = w1 a1 + w2 a2 + b").isCloseTo(z[60], within(1e-3));
    }
}
