package io.pharos.model.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where samples go: {@code pharos.samples} in production, a list in a unit test. */
public interface SamplePublisher {
    /** Completes when every sample is durably accepted, exceptionally when any is not. */
    CompletableFuture<Void> publish(List<SeriesSamples> series);
}
