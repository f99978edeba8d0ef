package io.pharos.model.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleRecordCodecTest {
    @Test
    void roundTripsSeriesAndSpecialValuesBitExactly() {
        Labels a = Labels.of("__name__", "up", "job", "x");
        Labels b = Labels.of("__name__", "temp", "room", "ü-1");
        List<SeriesSamples> in = List.of(
                new SeriesSamples(a, new long[] {1000, 16000, 15999}, new double[] {1, 0, StaleMarker.VALUE}),
                new SeriesSamples(b, new long[] {-5, Long.MAX_VALUE / 2}, new double[] {Double.NaN, -0.0}));
        List<SeriesSamples> out = SampleRecordCodec.decode(SampleRecordCodec.encode(in));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).labels()).isEqualTo(a);
        assertThat(out.get(0).timestamps()).containsExactly(1000, 16000, 15999);
        assertThat(StaleMarker.is(out.get(0).values()[2])).isTrue();
        assertThat(out.get(1).labels()).isEqualTo(b);
        assertThat(out.get(1).timestamps()).containsExactly(-5, Long.MAX_VALUE / 2);
        assertThat(Double.doubleToRawLongBits(out.get(1).values()[0])).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
        assertThat(Double.doubleToRawLongBits(out.get(1).values()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void refusesUnknownVersionByName() {
        byte[] data = SampleRecordCodec.encode(List.of());
        data[0] = 9;
        assertThatThrownBy(() -> SampleRecordCodec.decode(data)).hasMessageContaining("version 9");
    }

    @Test
    void refusesTruncatedRecord() {
        byte[] data = SampleRecordCodec.encode(List.of(SeriesSamples.single(Labels.of("a", "b"), 1, 2)));
        byte[] cut = Arrays.copyOf(data, data.length - 3);
        assertThatThrownBy(() -> SampleRecordCodec.decode(cut)).hasMessageContaining("truncated");
    }

    @Test
    void partitionIsStableAndInRange() {
        Labels l = Labels.of("__name__", "up", "job", "x");
        int p = SeriesPartitioner.partitionOf(l, 4);
        assertThat(p).isBetween(0, 3).isEqualTo(SeriesPartitioner.partitionOf(Labels.of("job", "x", "__name__", "up"), 4));
    }
}
