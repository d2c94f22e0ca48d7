package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    record Point(int x, String label) {}

    @Test void values_round_trip() {
        String s = Json.write(Map.of("a", List.of(1, 2.5, "x\"y\n", true), "p", new Point(3, "é")));
        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) Json.parse(s);
        assertThat(m.get("a")).isEqualTo(List.of(1.0, 2.5, "x\"y\n", true));
        assertThat(m.get("p")).isEqualTo(Map.of("x", 3.0, "label", "é"));
    }

    @Test void floats_print_short_and_nan_becomes_null() {
        assertThat(Json.write(new float[] {0.1f, 2f, Float.NaN})).isEqualTo("[0.1,2,null]");
    }

    @Test void malformed_text_is_refused_with_the_position() {
        assertThatThrownBy(() -> Json.parse("{\"a\": [1, 2}")).isInstanceOf(BadInputException.class).hasMessageContaining("character");
        assertThatThrownBy(() -> Json.parse("[" .repeat(100) + "]".repeat(100))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> Json.parse("")).isInstanceOf(BadInputException.class);
    }
}
