package io.pharos.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.sample.SampleRecordCodec;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real RocksDB in a temporary directory. */
class ShardTest {
    @TempDir
    Path dir;

    private static byte[] record(Labels l, long t, double v) {
        return SampleRecordCodec.encode(List.of(SeriesSamples.single(l, t, v)));
    }

    private static List<SeriesSamples> select(Shard s, long mint, long maxt, Matcher... ms) {
        List<SeriesSamples> out = new ArrayList<>();
        s.select(List.of(ms), mint, maxt, out::add);
        return out;
    }

    private static final Labels UP_A = Labels.of("__name__", "up", "job", "a", "instance", "x");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "b", "instance", "y");
    private static final Labels TEMP = Labels.of("__name__", "temp", "job", "a");

    @Test
    void storesSamplesAndTheirOffsetAndSurvivesReopen() {
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_A, 2000, 0), record(UP_B, 1000, 1)), 10, 12);
            assertThat(s.consumedOffset()).isEqualTo(12);
        }
        try (Shard s = Shard.open(0, dir)) {
            assertThat(s.consumedOffset()).isEqualTo(12);
            assertThat(s.seriesCount()).isEqualTo(2);
            List<SeriesSamples> r = select(s, 0, 5000, Matcher.equal("job", "a"));
            assertThat(r).hasSize(1);
            assertThat(r.get(0).timestamps()).containsExactly(1000, 2000);
            assertThat(r.get(0).values()).containsExactly(1, 0);
        }
    }

    @Test
    void replayedRecordsAreNotAppliedTwice() {
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 1000, 1)), 0, 0);
            s.append(List.of(record(UP_A, 1000, 1), record(UP_A, 2000, 5)), 0, 1);
            assertThat(s.samplesAppended()).isEqualTo(2);
            assertThat(select(s, 0, 5000, Matcher.equal("job", "a")).get(0).values()).containsExactly(1, 5);
        }
    }

    @Test
    void outOfOrderSamplesAreRejectedAndCounted() {
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 2000, 1), record(UP_A, 1000, 2)), 0, 1);
            assertThat(s.outOfOrderRejected()).isEqualTo(1);
        }
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 1500, 3)), 2, 2);
            assertThat(s.outOfOrderRejected()).isEqualTo(1);
            assertThat(select(s, 0, 5000, Matcher.equal("job", "a")).get(0).timestamps()).containsExactly(2000);
        }
    }

    @Test
    void staleMarkersAreKeptBitExactly() {
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 1000, StaleMarker.VALUE)), 0, 0);
            assertThat(StaleMarker.is(select(s, 0, 5000, Matcher.equal("job", "a")).get(0).values()[0])).isTrue();
        }
    }

    @Test
    void allFourMatcherTypesSelectAsPrometheusDoes() {
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_B, 1000, 1), record(TEMP, 1000, 20)), 0, 2);
            assertThat(select(s, 0, 5000, Matcher.equal("__name__", "up"))).hasSize(2);
            assertThat(select(s, 0, 5000, Matcher.equal("__name__", "up"), Matcher.of(Matcher.Type.NEQ, "job", "a")))
                    .extracting(SeriesSamples::labels).containsExactly(UP_B);
            assertThat(select(s, 0, 5000, Matcher.of(Matcher.Type.RE, "job", "a|b"))).hasSize(3);
            assertThat(select(s, 0, 5000, Matcher.of(Matcher.Type.NRE, "job", "a"))).extracting(SeriesSamples::labels)
                    .containsExactly(UP_B);
            // Matching the empty value also selects series without the label.
            assertThat(select(s, 0, 5000, Matcher.equal("job", "a"), Matcher.equal("instance", "")))
                    .extracting(SeriesSamples::labels).containsExactly(TEMP);
        }
    }

    @Test
    void selectHonoursTheTimeRange() {
        try (Shard s = Shard.open(0, dir)) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_A, 2000, 2), record(UP_A, 3000, 3)), 0, 2);
            assertThat(select(s, 1500, 2500, Matcher.equal("job", "a")).get(0).timestamps()).containsExactly(2000);
            assertThat(select(s, 4000, 5000, Matcher.equal("job", "a"))).isEmpty();
        }
    }
}
