package io.pharos.storage.select;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.select.SelectRequest;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardSet;
import io.pharos.storage.shard.ShardStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The small JSON endpoints behind Prometheus's series, labels, label values and TSDB status
 * APIs, answered from this instance's shards; the query service merges instances.
 */
@RestController
class MetadataController {
    private final ShardSet shards;

    MetadataController(ShardSet shards) {
        this.shards = shards;
    }

    @PostMapping("/api/v1/series")
    List<Map<String, String>> series(@RequestBody SelectRequest request) {
        List<Matcher> matchers = SelectController.matchers(request);
        List<Map<String, String>> out = new ArrayList<>();
        for (Shard s : shards.all()) {
            for (Labels l : s.series(matchers, request.start(), request.end())) {
                out.add(l.toMap());
            }
        }
        return out;
    }

    @PostMapping("/api/v1/labels")
    List<String> labels(@RequestBody SelectRequest request) {
        List<Matcher> matchers = SelectController.matchers(request);
        TreeSet<String> out = new TreeSet<>();
        for (Shard s : shards.all()) {
            out.addAll(s.labelNames(matchers, request.start(), request.end()));
        }
        return new ArrayList<>(out);
    }

    @PostMapping("/api/v1/label/{name}/values")
    List<String> labelValues(@PathVariable String name, @RequestBody SelectRequest request) {
        List<Matcher> matchers = SelectController.matchers(request);
        TreeSet<String> out = new TreeSet<>();
        for (Shard s : shards.all()) {
            out.addAll(s.labelValues(name, matchers, request.start(), request.end()));
        }
        return new ArrayList<>(out);
    }

    @GetMapping("/api/v1/status/tsdb")
    List<ShardStats> stats() {
        List<ShardStats> out = new ArrayList<>();
        for (Shard s : shards.all()) {
            out.add(s.stats());
        }
        return out;
    }
}
