package io.pharos.standalone.storage;

import io.pharos.model.chunk.ChunkIterator;
import io.pharos.model.labels.Labels;
import io.pharos.model.select.EncodedChunk;
import io.pharos.model.select.SelectStream;
import io.pharos.model.select.SeriesChunks;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a storage instance through its select API, as the query service does. */
final class StorageProbe {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StorageProbe() {
    }

    /** Every sample timestamp per series of a metric, in the order the chunks hold them. */
    static Map<Labels, List<Long>> timestamps(int port, String metric) throws IOException, InterruptedException {
        String body = "{\"matchers\":[{\"type\":\"=\",\"name\":\"__name__\",\"value\":\"" + metric + "\"}],"
                + "\"start\":" + Long.MIN_VALUE + ",\"end\":" + Long.MAX_VALUE + "}";
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/select"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("select answered " + r.statusCode());
        }
        Map<Labels, List<Long>> out = new HashMap<>();
        for (SeriesChunks s : SelectStream.decode(r.body())) {
            List<Long> ts = out.computeIfAbsent(s.labels(), k -> new ArrayList<>());
            for (EncodedChunk c : s.chunks()) {
                ChunkIterator it = c.iterator();
                while (it.next()) {
                    ts.add(it.timestamp());
                }
            }
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
