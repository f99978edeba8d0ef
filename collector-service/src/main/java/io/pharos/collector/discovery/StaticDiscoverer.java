package io.pharos.collector.discovery;

import io.pharos.model.config.StaticConfig;
import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code static_configs}: one group per entry, known at once and never changing. */
public final class StaticDiscoverer implements Discoverer {
    private final List<StaticConfig> configs;

    public StaticDiscoverer(List<StaticConfig> configs) {
        this.configs = configs;
    }

    public static List<TargetGroup> groups(List<StaticConfig> configs) {
        List<TargetGroup> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            StaticConfig sc = configs.get(i);
            List<Labels> targets = new ArrayList<>();
            for (String address : sc.targets()) {
                targets.add(Labels.of("__address__", address));
            }
            out.add(new TargetGroup("static/" + i, targets, Labels.fromMap(sc.labels())));
        }
        return out;
    }

    @Override
    public void start(Consumer<List<TargetGroup>> updates) {
        updates.accept(groups(configs));
    }

    @Override
    public void close() {
    }
}
