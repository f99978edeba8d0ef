package io.pharos.collector.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

public class RemoteWriteReceiverTest {
    private final List<SeriesSamples> published = new ArrayList<>();
    private CompletableFuture<Void> ack = CompletableFuture.completedFuture(null);
    private final SamplePublisher publisher = series -> {
        published.addAll(series);
        return ack;
    };
    private final RemoteWriteReceiver receiver = new RemoteWriteReceiver(publisher, 1 << 20);

    /** Protobuf writer for the test's WriteRequests. */
    public static final class Proto {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Proto tag(int field, int wire) {
            return varint(((long) field << 3) | wire);
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2).varint(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto fixed64(int field, long v) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    public static byte[] series(String[] labels, double[] values, long[] timestamps) {
        Proto ts = new Proto();
        for (int i = 0; i < labels.length; i += 2) {
            ts.bytes(1, new Proto().string(1, labels[i]).string(2, labels[i + 1]).toBytes());
        }
        for (int i = 0; i < values.length; i++) {
            ts.bytes(2, new Proto().fixed64(1, Double.doubleToRawLongBits(values[i])).tag(2, 0).varint(timestamps[i]).toBytes());
        }
        ts.bytes(3, new Proto().string(1, "ignored exemplar").toBytes()); // exemplars are skipped
        return ts.toBytes();
    }

    static byte[] request(byte[]... series) throws Exception {
        Proto req = new Proto();
        for (byte[] s : series) {
            req.bytes(1, s);
        }
        req.bytes(3, new Proto().string(2, "metadata is skipped").toBytes());
        return Snappy.compress(req.toBytes());
    }

    @Test
    void decodesSeriesAndAnswers204OnceAcknowledged() throws Exception {
        byte[] body = request(series(new String[] {"__name__", "up", "job", "a"}, new double[] {1, 0}, new long[] {1000, 2000}),
                series(new String[] {"__name__", "x", "instance", "i"}, new double[] {Double.NaN}, new long[] {5}));
        RemoteWriteReceiver.Outcome o = receiver.receive("application/x-protobuf", "snappy", body).get();
        assertThat(o.message()).isEmpty();
        assertThat(o.status()).isEqualTo(204);
        assertThat(published).hasSize(2);
        assertThat(published.get(0).labels()).isEqualTo(Labels.of("__name__", "up", "job", "a"));
        assertThat(published.get(0).timestamps()).containsExactly(1000, 2000);
        assertThat(published.get(0).values()).containsExactly(1, 0);
        assertThat(published.get(1).values()[0]).isNaN();
    }

    @Test
    void kafkaFailureIsA5xxSoTheSenderRetries() throws Exception {
        ack = CompletableFuture.failedFuture(new RuntimeException("broker down"));
        byte[] body = request(series(new String[] {"__name__", "up"}, new double[] {1}, new long[] {1}));
        assertThat(receiver.receive("application/x-protobuf", "snappy", body).get().status()).isEqualTo(503);
    }

    @Test
    void requestsThatCanNeverSucceedAre4xx() throws Exception {
        assertThat(receiver.receive("application/x-protobuf", "snappy", "not snappy".getBytes()).get().status()).isEqualTo(400);
        assertThat(receiver.receive("application/x-protobuf", "snappy", Snappy.compress(new byte[] {(byte) 0x0a, 0x7f}))
                .get().status()).isEqualTo(400);
        byte[] badName = request(series(new String[] {"__name__", "up", "bad-name", "v"}, new double[] {1}, new long[] {1}));
        RemoteWriteReceiver.Outcome o = receiver.receive("application/x-protobuf", "snappy", badName).get();
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.message()).contains("bad-name");
        byte[] noName = request(series(new String[] {"job", "a"}, new double[] {1}, new long[] {1}));
        assertThat(receiver.receive("application/x-protobuf", "snappy", noName).get().status()).isEqualTo(400);
        assertThat(receiver.receive("application/x-protobuf", "gzip", badName).get().status()).isEqualTo(415);
        assertThat(receiver.receive("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", badName)
                .get().status()).isEqualTo(415);
        assertThat(published).isEmpty();
    }
}
