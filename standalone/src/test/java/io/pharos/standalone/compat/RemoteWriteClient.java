package io.pharos.standalone.compat;

import io.pharos.model.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * A Prometheus remote-write 1.0 sender for tests: the {@code WriteRequest} protobuf is written
 * by hand (it is four small messages), snappy block compressed, and posted with the headers a
 * Prometheus remote-write queue sends, so a real Prometheus and Pharos receive byte-identical
 * requests.
 */
final class RemoteWriteClient {
    /** One series of a request with its samples, which must be in time order. */
    record Series(Labels labels, long[] timestamps, double[] values) {
    }

    // Field numbers of the remote-write 1.0 messages (see the collector's WriteRequestDecoder).
    private static final int WRITE_REQUEST_TIMESERIES = 1;
    private static final int TIMESERIES_LABELS = 1;
    private static final int TIMESERIES_SAMPLES = 2;
    private static final int LABEL_NAME = 1;
    private static final int LABEL_VALUE = 2;
    private static final int SAMPLE_VALUE = 1;
    private static final int SAMPLE_TIMESTAMP = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Posts one request to {@code writeUrl}; fails unless the receiver answers 2xx. */
    void send(String writeUrl, List<Series> series) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(writeUrl))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(series)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("remote write to " + writeUrl + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The snappy-compressed {@code WriteRequest}. */
    static byte[] body(List<Series> series) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (Series s : series) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            Labels labels = s.labels();
            // Labels are sorted by name, as Prometheus sends them (Labels keeps them sorted).
            for (int i = 0; i < labels.size(); i++) {
                ByteArrayOutputStream label = new ByteArrayOutputStream();
                bytesField(label, LABEL_NAME, labels.name(i).getBytes(StandardCharsets.UTF_8));
                bytesField(label, LABEL_VALUE, labels.value(i).getBytes(StandardCharsets.UTF_8));
                bytesField(ts, TIMESERIES_LABELS, label.toByteArray());
            }
            for (int i = 0; i < s.timestamps().length; i++) {
                ByteArrayOutputStream sample = new ByteArrayOutputStream();
                varint(sample, (SAMPLE_VALUE << 3) | 1); // wire type 1: fixed64, little endian
                long bits = Double.doubleToRawLongBits(s.values()[i]);
                for (int b = 0; b < 8; b++) {
                    sample.write((int) (bits >>> (8 * b)));
                }
                varint(sample, SAMPLE_TIMESTAMP << 3); // wire type 0: varint (int64, two's complement)
                varint(sample, s.timestamps()[i]);
                bytesField(ts, TIMESERIES_SAMPLES, sample.toByteArray());
            }
            bytesField(request, WRITE_REQUEST_TIMESERIES, ts.toByteArray());
        }
        return Snappy.compress(request.toByteArray());
    }

    private static void bytesField(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (number << 3) | 2); // wire type 2: length-delimited
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
