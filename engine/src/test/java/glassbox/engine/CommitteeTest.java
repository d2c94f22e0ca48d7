package glassbox.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static glassbox.engine.CnnModelFileTest.cnn;
import static org.assertj.core.api.Assertions.assertThat;

/** A committee scored member by member tells the same story as scoring each network and the committee whole. */
class CommitteeTest {

    @Test void scoring_members_one_by_one_agrees_with_evaluating_each_network_and_the_committee() {
        List<Network> members = List.of(cnn(1), cnn(2), cnn(3));
        Committee committee = new Committee(members);
        int size = 2 * Committee.SLICE + 7;   // two whole slices and a partial one
        float[] x = CnnModelFileTest.inputs(size);
        // labels: the first member's answers for half the images, so accuracies are neither 0 nor chance
        int[] labels = new int[size];
        Random r = new Random(5);
        float[] first = members.getFirst().feedforward(x, size).clone();
        for (int i = 0; i < size; i++) labels[i] = i % 2 == 0 ? Kernels.argmax(first, i * 10, 10) : r.nextInt(10);
        Dataset data = Dataset.classification("random", x, labels, new Shape(1, 12, 12), 10);

        List<Committee.MemberScore> scores = new ArrayList<>();
        Committee.Votes votes = committee.scoreMembers(data, scores::add);

        assertThat(scores).extracting(Committee.MemberScore::index).containsExactly(1, 2, 3);
        for (int k = 0; k < 3; k++) {
            assertThat(scores.get(k).alone()).isEqualTo(Evaluation.of(members.get(k), data).accuracy());
            assertThat(scores.get(k).committee()).isEqualTo(Evaluation.of(new Committee(members.subList(0, k + 1)), data).accuracy());
        }
        assertThat(scores.getFirst().alone()).isGreaterThanOrEqualTo(0.5);
        Evaluation whole = Evaluation.of(committee, data), fromVotes = Evaluation.of(votes.outputs(), data, committee.cost());
        assertThat(fromVotes.correct()).isEqualTo(whole.correct());
        assertThat(fromVotes.confusion()).isDeepEqualTo(whole.confusion());
        assertThat(votes.outputs()).containsExactly(java.util.Arrays.copyOf(committee.feedforward(x, size), size * 10));
        assertThat(fromVotes.meanCost()).isEqualTo(whole.meanCost());

        for (int i = 0; i < size; i++) {
            int right = 0;
            for (Network n : members) if (Kernels.argmax(n.feedforward(java.util.Arrays.copyOfRange(x, i * 144, (i + 1) * 144), 1), 0, 10) == labels[i]) right++;
            assertThat(votes.membersRight()[i]).as("image %d", i).isEqualTo(right);
        }
    }

    @Test void the_cores_share_the_members_and_the_mean_keeps_its_bits() {
        List<Network> members = List.of(cnn(1), cnn(2), cnn(3), cnn(4), cnn(5));
        float[] x = CnnModelFileTest.inputs(3);
        float[] mean = new float[3 * 10];
        for (Network n : members) Kernels.axpy(mean, 1f / members.size(), n.feedforward(x, 3), 3 * 10);   // member by member, in order
        float[] shared = new Committee(members).feedforward(x, 3).clone();
        Parallel.useThreads(1);
        float[] alone;
        try {
            alone = new Committee(members).feedforward(x, 3).clone();
        } finally {
            Parallel.useThreads(Integer.MAX_VALUE);
        }
        assertThat(java.util.Arrays.copyOf(shared, 30)).as("on every core vs in order").containsExactly(mean);
        assertThat(java.util.Arrays.copyOf(alone, 30)).as("on one thread vs in order").containsExactly(mean);
    }
}
