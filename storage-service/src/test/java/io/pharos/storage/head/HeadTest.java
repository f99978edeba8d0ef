package io.pharos.storage.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import org.junit.jupiter.api.Test;

class HeadTest {
    @Test
    void seriesShareOneCopyOfEachLabelString() {
        Head head = new Head(7_200_000, 0, 0, s -> { });
        // Decoded from different records, the strings are equal but distinct objects.
        MemSeries a = head.getOrCreate(Labels.of("__name__", "up", "job", new String("node"), "instance", "a"));
        MemSeries b = head.getOrCreate(Labels.of("__name__", "up", "job", new String("node"), "instance", "b"));
        MemSeries restored = head.restore(2, Labels.of("__name__", "up", "job", new String("node"), "instance", "c"),
                0, 0, (byte) 0, null);
        assertThat(b.labels().get("job")).isSameAs(a.labels().get("job"));
        assertThat(restored.labels().get("job")).isSameAs(a.labels().get("job"));
        assertThat(head.get(Labels.of("__name__", "up", "job", "node", "instance", "b"))).isSameAs(b);
    }
}
