package io.pharos.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostingsIndexTest {
    private final PostingsIndex index = new PostingsIndex();

    @BeforeEach
    void fill() {
        index.add(0, Labels.of("__name__", "up", "job", "api", "instance", "a"));
        index.add(1, Labels.of("__name__", "up", "job", "api-canary", "instance", "b"));
        index.add(2, Labels.of("__name__", "up", "job", "db"));
        index.add(3, Labels.of("__name__", "temp", "job", "db", "instance", ""));
    }

    private int[] select(Matcher... ms) {
        return index.select(List.of(ms)).toArray();
    }

    private static Matcher m(Matcher.Type t, String n, String v) {
        return Matcher.of(t, n, v);
    }

    @Test
    void equalityIsOneLookup() {
        assertThat(select(Matcher.equal("job", "db"))).containsExactly(2, 3);
    }

    @Test
    void notEqualAlsoSelectsSeriesWithoutTheLabel() {
        assertThat(select(m(Matcher.Type.NEQ, "instance", "a"))).containsExactly(1, 2, 3);
    }

    @Test
    void literalAlternationAndPrefix() {
        assertThat(select(m(Matcher.Type.RE, "job", "api|db"))).containsExactly(0, 2, 3);
        assertThat(select(m(Matcher.Type.RE, "job", "api.*"))).containsExactly(0, 1);
        assertThat(select(m(Matcher.Type.RE, "job", "api.+"))).containsExactly(1);
    }

    @Test
    void dotStarRestrictsNothingAndDotPlusMeansPresent() {
        assertThat(select(Matcher.equal("__name__", "up"), m(Matcher.Type.RE, "instance", ".*"))).containsExactly(0, 1, 2);
        assertThat(select(m(Matcher.Type.RE, "instance", ".+"))).containsExactly(0, 1);
        assertThat(select(m(Matcher.Type.NEQ, "instance", ""))).containsExactly(0, 1);
    }

    @Test
    void emptyEqualitySelectsSeriesWithoutTheLabel() {
        assertThat(select(Matcher.equal("instance", ""))).containsExactly(2, 3);
    }

    @Test
    void negativeRegex() {
        assertThat(select(Matcher.equal("__name__", "up"), m(Matcher.Type.NRE, "job", "api.*"))).containsExactly(2);
    }

    @Test
    void generalRegex() {
        assertThat(select(m(Matcher.Type.RE, "job", "(a|d).*[ib]"))).containsExactly(0, 2, 3);
    }

    @Test
    void removedSeriesLeaveThePostings() {
        index.remove(2, Labels.of("__name__", "up", "job", "db"));
        assertThat(select(Matcher.equal("job", "db"))).containsExactly(3);
        assertThat(index.seriesCount()).isEqualTo(3);
    }

    @Test
    void dirtyPairsAreReportedOnce() {
        assertThat(index.drainDirty()).contains(new PostingsIndex.LabelPair("job", "db"));
        assertThat(index.drainDirty()).isEmpty();
    }

    @Test
    void literalDetection() {
        assertThat(PostingsIndex.isLiteralAlternation("a|b-c|d_e")).isTrue();
        assertThat(PostingsIndex.isLiteralAlternation("a.b")).isFalse();
        assertThat(PostingsIndex.literalPrefix("node_.*")).isEqualTo("node_");
        assertThat(PostingsIndex.literalPrefix("a|b.*")).isEmpty();
    }
}
