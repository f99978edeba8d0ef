package io.pharos.storage.select;

import io.pharos.model.labels.Matcher;
import io.pharos.model.select.MatcherSpec;
import io.pharos.model.select.SelectRequest;
import io.pharos.model.select.SelectStream;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardSet;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The shard select API: matching series and their chunks from every shard this instance
 * owns, streamed as {@link SelectStream} frames, so no response is built as text.
 */
@RestController
class SelectController {
    private final ShardSet shards;
    /** How long a read-after-write select waits for the shards to catch up. */
    static final java.time.Duration READ_AFTER_WRITE_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;

    SelectController(ShardSet shards) {
        this.shards = shards;
    }

    static List<Matcher> matchers(SelectRequest request) {
        List<Matcher> matchers = new ArrayList<>();
        for (MatcherSpec m : request.matchers()) {
            matchers.add(m.toMatcher());
        }
        return matchers;
    }

    @PostMapping(path = "/api/v1/select", produces = SelectStream.MEDIA_TYPE)
    ResponseEntity<Flux<DataBuffer>> select(@RequestBody SelectRequest request) {
        List<Matcher> matchers;
        try {
            matchers = matchers(request);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                    .body(Flux.just(buffers.wrap(("bad matcher: " + e.getMessage()).getBytes())));
        }
        Flux<DataBuffer> body = Flux.<byte[]>create(sink -> {
            sink.next(SelectStream.header());
            try {
                if (!request.minOffsets().isEmpty() && !shards.awaitApplied(request.minOffsets(), READ_AFTER_WRITE_TIMEOUT)) {
                    sink.next(SelectStream.errorFrame("storage: shards did not catch up with the requested offsets within "
                            + READ_AFTER_WRITE_TIMEOUT.toSeconds() + "s"));
                    sink.complete();
                    return;
                }
                for (Shard shard : shards.all()) {
                    shard.select(matchers, request.start(), request.end(), request.hints(),
                            s -> sink.next(SelectStream.seriesFrame(s)));
                }
                sink.next(SelectStream.endFrame());
            } catch (RuntimeException e) {
                sink.next(SelectStream.errorFrame("storage: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sink.next(SelectStream.errorFrame("storage: interrupted"));
            }
            sink.complete();
        }).subscribeOn(Schedulers.boundedElastic()).map(buffers::wrap);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(SelectStream.MEDIA_TYPE)).body(body);
    }
}
