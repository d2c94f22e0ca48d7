package glassbox.app.web;

import glassbox.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** `glassbox serve` refuses bad options with one sentence and exit status 2 (no server is left running). */
class ServeCommandTest {

    static int run(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test void serve_refuses_a_port_out_of_range() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("--port").doesNotContain("Exception");
    }

    @Test void serve_refuses_an_unknown_host() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--host", "no-such-host.invalid", "--port", "0", "--models", LabServer.repoModels().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--host");
    }

    @Test void serve_refuses_a_public_name_with_a_scheme_or_port() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "serve", "--port", "0", "--public-name", "http://lab.example:8080", "--models", LabServer.repoModels().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--public-name").doesNotContain("Exception");
    }
}
