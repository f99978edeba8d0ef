package io.pharos.collector.remotewrite;

import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * The Prometheus remote-write 1.0 receiver, as plain Java: decompresses (snappy block format),
 * decodes, and publishes. The outcome's status follows the remote-write contract: 204 only once
 * Kafka has acknowledged every sample; 4xx only for a request that can never succeed (so the
 * sender drops it); 5xx for everything else (so the sender retries).
 */
public final class RemoteWriteReceiver {
    private static final Logger log = LoggerFactory.getLogger(RemoteWriteReceiver.class);
    /** Remote write 2.0 announces itself with this protobuf message name in the Content-Type. */
    private static final String RW2_PROTO = "io.prometheus.write.v2.request";

    private final SamplePublisher publisher;
    private final int maxDecompressedBytes;

    /** The HTTP answer to one request. */
    public record Outcome(int status, String message) {
    }

    public RemoteWriteReceiver(SamplePublisher publisher, int maxDecompressedBytes) {
        this.publisher = publisher;
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    public CompletableFuture<Outcome> receive(String contentType, String contentEncoding, byte[] body) {
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.trim().equalsIgnoreCase("snappy")) {
            return done(415, "unsupported Content-Encoding " + contentEncoding + ", only snappy is accepted");
        }
        if (contentType != null && !contentType.isBlank()) {
            String ct = contentType.toLowerCase(Locale.ROOT);
            if (!ct.startsWith("application/x-protobuf")) {
                return done(415, "unsupported Content-Type " + contentType + ", expected application/x-protobuf");
            }
            if (ct.contains(RW2_PROTO)) {
                return done(415, "remote write 2.0 (" + contentType + ") is not supported; send remote write 1.0");
            }
        }
        List<SeriesSamples> series;
        try {
            if (!Snappy.isValidCompressedBuffer(body)) {
                return done(400, "snappy: corrupt input");
            }
            int length = Snappy.uncompressedLength(body);
            if (length > maxDecompressedBytes) {
                return done(400, "decompressed request of " + length + " bytes is over the limit of " + maxDecompressedBytes);
            }
            series = WriteRequestDecoder.decode(Snappy.uncompress(body));
        } catch (IOException e) {
            return done(400, "snappy: " + e.getMessage());
        } catch (WriteRequestDecoder.InvalidRequestException e) {
            return done(400, e.getMessage());
        }
        if (series.isEmpty()) {
            return done(204, "");
        }
        CompletableFuture<Void> acked;
        try {
            acked = publisher.publish(series);
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        return acked.handle((ok, e) -> {
            if (e == null) {
                return new Outcome(204, "");
            }
            log.warn("remote write of {} series not acknowledged: {}", series.size(), e.toString());
            return new Outcome(503, "samples not acknowledged by Kafka, retry: " + e);
        });
    }

    private static CompletableFuture<Outcome> done(int status, String message) {
        return CompletableFuture.completedFuture(new Outcome(status, message));
    }
}
