package io.pharos.model.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels l = Labels.of("job", "node", "__name__", "up", "instance", "", "a", "1");
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.name(0)).isEqualTo("__name__");
        assertThat(l.name(1)).isEqualTo("a");
        assertThat(l.name(2)).isEqualTo("job");
        assertThat(l.get("instance")).isEmpty();
        assertThat(l.has("instance")).isFalse();
    }

    @Test
    void equalSetsHashAlikeWhateverTheirInsertionOrder() {
        Labels a = Labels.of("x", "1", "y", "2");
        Labels b = Labels.of("y", "2", "x", "1");
        assertThat(a).isEqualTo(b);
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(a.hash()).isNotEqualTo(Labels.of("x", "12").hash());
    }

    @Test
    void hashIsStableAcrossReleases() {
        // Partitioning depends on this value: changing it moves every series to another shard.
        byte[] canonical = "__name__\u00ffup\u00ffjob\u00ffpharos\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(Labels.of("__name__", "up", "job", "pharos").canonicalBytes()).isEqualTo(canonical);
        assertThat(Labels.of("__name__", "up", "job", "pharos").hash()).isEqualTo(XxHash64.hash(canonical, 0, canonical.length));
    }

    @Test
    void separatorPreventsAmbiguousConcatenations() {
        assertThat(Labels.of("ab", "c").hash()).isNotEqualTo(Labels.of("a", "bc").hash());
    }

    @Test
    void printsInPrometheusForm() {
        assertThat(Labels.of("__name__", "up", "job", "a\"b").toString()).isEqualTo("up{job=\"a\\\"b\"}");
    }

    @Test
    void comparesLabelByLabel() {
        assertThat(Labels.of("a", "1").compareTo(Labels.of("a", "1", "b", "2"))).isNegative();
        assertThat(Labels.of("a", "2").compareTo(Labels.of("a", "1", "b", "2"))).isPositive();
    }

    @Test
    void rejectsOddArguments() {
        assertThatThrownBy(() -> Labels.of("a")).isInstanceOf(IllegalArgumentException.class);
    }
}
