package io.pharos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectorMergeTest {

    private static Map<String, Object> target(String pool, String url) {
        return Map.of("scrapePool", pool, "scrapeUrl", url, "health", "up");
    }

    private static Map<String, Object> md(String metric, String type, String help) {
        return Map.of("target", Map.of("job", "j"), "metric", metric, "type", type, "help", help, "unit", "");
    }

    @Test
    void targetsAreConcatenatedDroppedDeduplicatedCountsTheLargest() {
        Map<String, Object> a = Map.of("activeTargets", List.of(target("a", "http://x/metrics")),
                "droppedTargets", List.of(Map.of("discoveredLabels", Map.of("__address__", "d"), "scrapePool", "a")),
                "droppedTargetCounts", Map.of("a", 1, "b", 0));
        Map<String, Object> b = Map.of("activeTargets", List.of(target("b", "http://y/metrics")),
                "droppedTargets", List.of(Map.of("discoveredLabels", Map.of("__address__", "d"), "scrapePool", "a")),
                "droppedTargetCounts", Map.of("a", 1, "b", 2));
        Map<String, Object> m = CollectorMerge.targets(List.of(a, b));
        assertThat(m.get("activeTargets")).isEqualTo(List.of(target("a", "http://x/metrics"), target("b", "http://y/metrics")));
        assertThat((List<?>) m.get("droppedTargets")).hasSize(1);
        assertThat(m.get("droppedTargetCounts")).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(m.keySet()).containsExactly("activeTargets", "droppedTargets", "droppedTargetCounts");
    }

    @Test
    void noCollectorGivesEmptyLists() {
        Map<String, Object> m = CollectorMerge.targets(List.of());
        assertThat((List<?>) m.get("activeTargets")).isEmpty();
        assertThat((List<?>) m.get("droppedTargets")).isEmpty();
    }

    @Test
    void targetsMetadataDeduplicatedAndLimited() {
        List<Object> one = List.of(md("up", "gauge", "h"), md("x", "counter", "c"));
        List<Object> two = List.of(md("up", "gauge", "h"), md("y", "gauge", "g"));
        assertThat(CollectorMerge.targetsMetadata(List.of(one, two), -1)).hasSize(3);
        assertThat(CollectorMerge.targetsMetadata(List.of(one, two), 2)).hasSize(2);
        assertThat(CollectorMerge.targetsMetadata(List.of(one, two), 0)).isEmpty();
    }

    @Test
    void metadataIsPerMetricDistinctWithLimits() {
        List<Object> one = List.of(md("up", "gauge", "h"), md("x", "counter", "c"), md("x", "counter", "other help"));
        List<Object> two = List.of(md("up", "gauge", "h"), md("y", "gauge", "g"));
        Map<String, List<Map<String, Object>>> all = CollectorMerge.metadata(List.of(one, two), null, -1, -1);
        assertThat(all.keySet()).containsExactly("up", "x", "y");
        assertThat(all.get("up")).containsExactly(Map.of("type", "gauge", "help", "h", "unit", ""));
        assertThat(all.get("x")).hasSize(2);
        assertThat(all.get("up").get(0).keySet()).containsExactly("type", "help", "unit");

        assertThat(CollectorMerge.metadata(List.of(one, two), null, 2, -1)).hasSize(2);
        assertThat(CollectorMerge.metadata(List.of(one, two), null, 0, -1)).isEmpty();
        assertThat(CollectorMerge.metadata(List.of(one, two), null, -1, 1).get("x")).hasSize(1);
    }

    @Test
    void metadataForOneMetricUsesTheParameterAsName() {
        List<Object> one = List.of(Map.of("target", Map.of(), "type", "gauge", "help", "h", "unit", "bytes"));
        Map<String, List<Map<String, Object>>> m = CollectorMerge.metadata(List.of(one, one), "mem", -1, -1);
        assertThat(m).containsOnlyKeys("mem");
        assertThat(m.get("mem")).containsExactly(Map.of("type", "gauge", "help", "h", "unit", "bytes"));
    }

    @Test
    void collectorUrlsAreParsed() {
        assertThat(CollectorClients.parseUrls(" http://a:9095/ , ,http://b:9095")).containsExactly("http://a:9095", "http://b:9095");
    }
}
