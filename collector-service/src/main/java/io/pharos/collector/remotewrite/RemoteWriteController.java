package io.pharos.collector.remotewrite;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/v1/write}: Prometheus remote write 1.0. */
@RestController
public class RemoteWriteController {
    private final RemoteWriteReceiver receiver;

    public RemoteWriteController(RemoteWriteReceiver receiver) {
        this.receiver = receiver;
    }

    @PostMapping("/api/v1/write")
    public Mono<ResponseEntity<String>> write(
            @RequestHeader(name = "Content-Type", required = false) String contentType,
            @RequestHeader(name = "Content-Encoding", required = false) String contentEncoding,
            @RequestBody(required = false) byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        return Mono.fromFuture(receiver.receive(contentType, contentEncoding, b)).map(o -> o.status() == 204
                ? ResponseEntity.noContent().build()
                : ResponseEntity.status(HttpStatus.valueOf(o.status())).body(o.message() + "\n"));
    }
}
