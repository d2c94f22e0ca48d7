package glassbox.data;

import glassbox.engine.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToyTest {

    @Test void every_dataset_gives_the_count_asked_for_inside_the_domain() {
        for (var e : Toy.DATASETS.entrySet()) {
            for (double noise : new double[] {0, 0.25, 0.5}) {
                List<Toy.Point> points = e.getValue().generate(501, noise, new Random(3));
                assertThat(points).as(e.getKey()).hasSize(501);
                for (Toy.Point p : points) {
                    assertThat(Math.abs(p.x())).as(e.getKey() + " x").isLessThan(12f);
                    assertThat(Math.abs(p.y())).as(e.getKey() + " y").isLessThan(12f);
                    assertThat(Float.isFinite(p.label())).isTrue();
                }
            }
        }
    }

    @Test void classification_labels_are_plus_or_minus_one_and_balanced() {
        for (String name : Toy.CLASSIFICATION) {
            List<Toy.Point> points = Toy.named(name).generate(500, 0, new Random(1));
            long positive = points.stream().filter(p -> p.label() == 1f).count();
            assertThat(points).as(name).allMatch(p -> p.label() == 1f || p.label() == -1f);
            assertThat(positive).as(name + " positives").isBetween(200L, 300L);
        }
    }

    @Test void the_same_seed_gives_the_same_points() {
        for (var g : Toy.DATASETS.values())
            assertThat(g.generate(100, 0.2, new Random(42))).isEqualTo(g.generate(100, 0.2, new Random(42)));
    }

    @Test void circle_without_noise_is_blue_inside_radius_two_and_a_half_and_orange_beyond_three_and_a_half() {
        for (Toy.Point p : Toy.circle(400, 0, new Random(5))) {
            double r = Math.hypot(p.x(), p.y());
            if (p.label() > 0) assertThat(r).isLessThan(2.5);
            else assertThat(r).isBetween(3.5, 5.0);
        }
    }

    @Test void xor_without_noise_labels_by_the_sign_of_x_times_y_and_keeps_off_the_axes() {
        for (Toy.Point p : Toy.xor(400, 0, new Random(6))) {
            assertThat(p.label()).isEqualTo(p.x() * p.y() >= 0 ? 1f : -1f);
            assertThat(Math.abs(p.x())).isGreaterThanOrEqualTo(0.3f);
            assertThat(Math.abs(p.y())).isGreaterThanOrEqualTo(0.3f);
        }
    }

    @Test void gauss_noise_widens_the_blobs() {
        double narrow = spread(Toy.gauss(1000, 0, new Random(7))), wide = spread(Toy.gauss(1000, 0.5, new Random(7)));
        assertThat(narrow).isBetween(0.5 * 0.8, 0.5 * 1.2);    // var = 0.5 + 7 noise
        assertThat(wide).isBetween(4 * 0.8, 4 * 1.2);
    }

    @Test void spiral_arms_start_at_the_centre_and_end_at_radius_five() {
        List<Toy.Point> points = Toy.spiral(500, 0, new Random(8));
        assertThat(Math.hypot(points.get(0).x(), points.get(0).y())).isLessThan(0.01);
        assertThat(Math.hypot(points.get(249).x(), points.get(249).y())).isBetween(4.9, 5.0);
        assertThat(points.get(0).label()).isEqualTo(1f);
        assertThat(points.get(499).label()).isEqualTo(-1f);
    }

    @Test void plane_without_noise_is_x_plus_y_over_ten() {
        for (Toy.Point p : Toy.plane(200, 0, new Random(9))) assertThat(p.label()).isCloseTo((p.x() + p.y()) / 10, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test void multigauss_is_plus_one_at_a_positive_centre_and_zero_far_from_all() {
        for (Toy.Point p : Toy.multigauss(3000, 0, new Random(10))) {
            if (Math.hypot(p.x() - 4, p.y() - 2.5) < 0.2) assertThat(p.label()).isGreaterThan(0.85f);
            if (Math.hypot(p.x() - 2, p.y()) < 0.2) assertThat(p.label()).isEqualTo(0f);
        }
    }

    @Test void an_unknown_name_is_refused_in_one_sentence() {
        assertThatThrownBy(() -> Toy.named("moons")).isInstanceOf(BadInputException.class).hasMessageContaining("circle, xor, gauss, spiral");
    }

    private static double spread(List<Toy.Point> points) {
        double s = 0;
        for (Toy.Point p : points) { double c = p.label() > 0 ? 2 : -2; s += (p.x() - c) * (p.x() - c); }
        return s / points.size();
    }
}
