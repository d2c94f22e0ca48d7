package glassbox.app;

import glassbox.engine.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static glassbox.app.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

class ExperimentCommandTest {



    @SuppressWarnings("unchecked")
    @Test void json_ends_with_the_report_path_and_headline_figures(@TempDir Path dir) {
        CliRun r = run("experiment", "errors", "--quick", "--seed", "5", "--out", dir.resolve("errors").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        Map<String, Object> j = (Map<String, Object>) Json.parse(lines[lines.length - 1]);
        assertThat(j).containsKeys("report", "experiment", "seed", "seconds", "mlp-16-16", "mlp-30");
        assertThat(Path.of((String) j.get("report"))).isEqualTo(dir.resolve("errors").resolve("index.html")).exists();
        assertThat(r.err()).contains("errors: done in");
        assertThat(Files.exists(dir.resolve("errors").resolve("result.json"))).isTrue();
    }

    @Test void an_unknown_experiment_exits_2_with_one_sentence() {
        CliRun r = run("experiment", "magic");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("glassbox: there is no experiment 'magic'").doesNotContain("Exception");
    }
}
