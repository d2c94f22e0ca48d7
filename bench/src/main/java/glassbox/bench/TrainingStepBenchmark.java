package glassbox.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;


/**
 * One SGD step of the seeds' networks (zero the gradients, backprop a mini-batch, step every weight),
 * sigmoid and quadratic cost, lr 3.0. Seconds per epoch = time per step x 60,000 / batch. Run with
 * {@code -prof gc}: gc.alloc.rate.norm is the bytes one step allocates (0 expected).
 */
public class TrainingStepBenchmark extends BenchmarkSettings {
    @Param({"784-16-16-10", "784-30-10"}) public String layers;
    @Param({"10", "100"}) public int batch;

    StepTimes.Step step;
    int i;

    @Setup(Level.Trial) public void setUp() { step = new StepTimes.Step(layers, batch); }

    @Benchmark public void step() { step.run(i++); }
}
