package io.pharos.collector.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * One discovery mechanism of a scrape config. Once started it reports target groups whenever
 * they change (the first report as soon as it knows them), until closed.
 */
public interface Discoverer extends AutoCloseable {
    void start(Consumer<List<TargetGroup>> updates);

    @Override
    void close();
}
