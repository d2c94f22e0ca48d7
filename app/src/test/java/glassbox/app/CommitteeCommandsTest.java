package glassbox.app;

import glassbox.data.Mnist;
import glassbox.engine.Activation;
import glassbox.engine.Architecture;
import glassbox.engine.Cost;
import glassbox.engine.Initializer;
import glassbox.engine.Json;
import glassbox.engine.ModelFile;
import glassbox.engine.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static glassbox.app.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** eval and predict on CNNs and committees, through the real command line. */
class CommitteeCommandsTest {
    @TempDir Path dir;

    static Map<?, ?> lastJson(CliRun r) { return (Map<?, ?>) Json.parse(r.out().strip().lines().reduce((x, y) -> y).orElseThrow()); }

    Path tinyCnn(String name, long seed) throws Exception {
        Network n = Network.create(new Architecture("conv3x3x2s2-pool2-fc10", Mnist.SHAPE, new Activation.Relu(), new Activation.Softmax(),
                new Cost.SoftmaxLogLikelihood()), Initializer.HE, seed);
        Path p = dir.resolve(name);
        ModelFile.save(n, Map.of("seed", seed), p);
        return p;
    }

    @Test void eval_scores_several_models_as_a_committee_and_saves_it_and_predict_reads_it() throws Exception {
        Path a = tinyCnn("a.gbx", 1), b = tinyCnn("b.gbx", 2), committee = dir.resolve("committee.gbx");
        CliRun r = run("eval", a.toString(), b.toString(), "--save-committee", committee.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("member " + a, "committee of 2", "saved " + committee);
        String json = r.out().strip().lines().reduce((x, y) -> y).orElseThrow();
        assertThat(json).contains("\"test_accuracy\"", "\"per_class\"", "\"confusion\"", "\"images\":10000", "\"member_accuracies\"");

        CliRun again = run("eval", committee.toString(), "--json");
        assertThat(again.code()).isZero();
        assertThat(again.out().strip().lines().reduce((x, y) -> y).orElseThrow()).contains("\"test_accuracy\"");

        Path png = dir.resolve("digit.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        float[] digit = Mnist.loadTest("mnist").input(0);
        for (int i = 0; i < 784; i++) img.getRaster().setSample(i % 28, i / 28, 0, Math.round(255 * digit[i]));
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        CliRun p = run("predict", committee.toString(), png.toString(), "--json");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("\"digit\"", "\"probabilities\"");
    }

    @Test void eval_members_shows_each_network_alone_and_the_committee_growing() throws Exception {
        Path a = tinyCnn("a.gbx", 1), b = tinyCnn("b.gbx", 2), c = tinyCnn("c.gbx", 3), committee = dir.resolve("committee.gbx");
        CliRun alone = run("eval", b.toString(), "--json");
        CliRun whole = run("eval", a.toString(), b.toString(), c.toString(), "--save-committee", committee.toString(), "--json");
        CliRun r = run("eval", committee.toString(), "--members", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<?, ?> f = lastJson(r);
        List<?> rows = (List<?>) f.get("members");
        assertThat(rows).hasSize(3);
        Map<?, ?> second = (Map<?, ?>) rows.get(1), third = (Map<?, ?>) rows.get(2);
        double wholeAccuracy = (Double) lastJson(whole).get("test_accuracy");
        assertThat(second.get("accuracy")).isEqualTo(lastJson(alone).get("test_accuracy"));
        assertThat(third.get("committee_accuracy")).isEqualTo(wholeAccuracy).isEqualTo(f.get("test_accuracy"));
        Map<?, ?> mistakes = (Map<?, ?>) f.get("mistakes_by_members_right");
        int total = mistakes.values().stream().mapToInt(v -> ((Number) v).intValue()).sum();
        assertThat(total).isEqualTo(10000 - (int) Math.round(10000 * wholeAccuracy));
        assertThat(r.out()).contains("member   alone   first k together", "the committee's " + total + " mistakes, by how many of its 3 members alone read each right (members: mistakes): ");

        CliRun files = run("eval", a.toString(), b.toString(), "--members");   // several files: the table scores each once
        assertThat(files.code()).as(files.err()).isZero();
        assertThat(files.out()).doesNotContain("member " + a).contains("the committee's", "of its 2 members");
        assertThat(files.out().lines().filter(l -> l.matches("\\s+[12]\\s+\\d+\\.\\d\\d%.*"))).hasSize(2);

        CliRun one = run("eval", a.toString(), "--members");
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err()).contains("--members needs a committee: a committee file, or several model files.");
    }

    @Test void saving_a_committee_of_one_model_is_refused_in_one_sentence() throws Exception {
        CliRun r = run("eval", tinyCnn("a.gbx", 1).toString(), "--save-committee", dir.resolve("c.gbx").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--save-committee needs two or more model files.");
    }
}
