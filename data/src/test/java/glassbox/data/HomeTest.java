package glassbox.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Glassbox folder, found one way for MNIST, the models, the reports and the PyTorch peer. */
class HomeTest {
    @TempDir Path dir;

    @Test void the_home_comes_first_then_the_working_folder_and_those_above_it() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/models")).getParent();
        Path repo = Files.createDirectories(dir.resolve("repo/models")).getParent();
        Path deep = Files.createDirectories(repo.resolve("app/src"));
        Files.writeString(home.resolve("models/a.gbx"), "");
        Files.writeString(repo.resolve("models/a.gbx"), "");
        Files.writeString(repo.resolve("models/b.gbx"), "");
        assertThat(Home.find("models/a.gbx", home.toString(), deep)).contains(home.resolve("models/a.gbx").toAbsolutePath());
        assertThat(Home.find("models/b.gbx", home.toString(), deep)).as("not in the home: found above the working folder").contains(repo.resolve("models/b.gbx"));
        assertThat(Home.find("models/a.gbx", null, deep)).contains(repo.resolve("models/a.gbx"));
        assertThat(Home.find("models/c.gbx", home.toString(), deep)).isEmpty();
    }

    @Test void the_repositorys_mnist_is_found_from_a_module_folder() {
        assertThat(Home.find("data/mnist")).hasValueSatisfying(p -> assertThat(p.resolve("t10k-labels-idx1-ubyte.gz")).exists());
    }
}
