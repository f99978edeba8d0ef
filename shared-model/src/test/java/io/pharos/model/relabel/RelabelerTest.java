package io.pharos.model.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.RelabelConfig;
import io.pharos.model.config.YamlNode;
import io.pharos.model.labels.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relabeling cases from Prometheus's documentation and its relabel semantics. */
class RelabelerTest {
    private static List<RelabelConfig> rules(String yaml) {
        return PrometheusConfigLoader.relabelConfigs(YamlNode.parse("test.yml", yaml));
    }

    private static Labels relabel(Labels in, String yaml) {
        return Relabeler.process(in, rules(yaml));
    }

    @Test
    void replaceWithCaptureGroupsWritesTheTargetLabel() {
        Labels out = relabel(Labels.of("a", "foo", "b", "bar"), """
                - source_labels: [a]
                  regex: "f(.*)"
                  target_label: d
                  replacement: "ch${1}-ch${1}"
                """);
        assertThat(out).isEqualTo(Labels.of("a", "foo", "b", "bar", "d", "choo-choo"));
    }

    @Test
    void replaceJoinsSourceLabelsWithTheSeparator() {
        Labels out = relabel(Labels.of("a", "foo", "b", "bar"), """
                - source_labels: [a, b]
                  separator: "-"
                  regex: "(.*)-(.*)"
                  target_label: c
                  replacement: "$2/$1"
                """);
        assertThat(out.get("c")).isEqualTo("bar/foo");
    }

    @Test
    void regexIsFullyAnchored() {
        Labels in = Labels.of("a", "foo");
        assertThat(relabel(in, "- {source_labels: [a], regex: 'o+', target_label: x, replacement: y}").has("x")).isFalse();
        assertThat(relabel(in, "- {source_labels: [a], regex: 'f|fo', action: keep}")).isNull();
        assertThat(relabel(in, "- {source_labels: [a], regex: 'f.*', action: keep}")).isEqualTo(in);
    }

    @Test
    void dotMatchesNewlinesAsInPrometheus() {
        assertThat(relabel(Labels.of("a", "x\ny"), "- {source_labels: [a], regex: 'x.y', action: drop}")).isNull();
    }

    @Test
    void nonMatchingReplaceLeavesLabelsUnchanged() {
        Labels in = Labels.of("a", "foo");
        assertThat(relabel(in, "- {source_labels: [a], regex: 'bar', target_label: a, replacement: baz}")).isEqualTo(in);
    }

    @Test
    void replaceWithAnEmptyResultDeletesTheTargetLabel() {
        assertThat(relabel(Labels.of("a", "foo", "b", "x"), "- {source_labels: [c], target_label: b}"))
                .isEqualTo(Labels.of("a", "foo"));
    }

    @Test
    void replaceWithATemplatedTargetLabel() {
        Labels out = relabel(Labels.of("a", "some-name-value"), """
                - source_labels: [a]
                  regex: "some-([^-]+)-([^,]+)"
                  replacement: "${2}"
                  target_label: "${1}"
                """);
        assertThat(out.get("name")).isEqualTo("value");
    }

    @Test
    void invalidTemplatedTargetNameIsSkipped() {
        Labels in = Labels.of("a", "some-1nvalid-value");
        assertThat(relabel(in, """
                - source_labels: [a]
                  regex: "some-([^-]+)-([^,]+)"
                  replacement: "${2}"
                  target_label: "${1}"
                """)).isEqualTo(in);
    }

    @Test
    void goTemplateNamesTakeTheLongestWord() {
        // "$1x" refers to a group named "1x", which does not exist: empty, as Go expands it
        Labels out = relabel(Labels.of("a", "foo"), "- {source_labels: [a], regex: '(f)oo', target_label: b, replacement: '$1x${1}y'}");
        assertThat(out.get("b")).isEqualTo("fy");
    }

    @Test
    void namedGroupsInGoSyntaxExpand() {
        Labels out = relabel(Labels.of("a", "host:9100"),
                "- {source_labels: [a], regex: '(?P<host_name>[^:]+):(?P<port>\\d+)', target_label: h, replacement: '$host_name'}");
        assertThat(out.get("h")).isEqualTo("host");
    }

    @Test
    void keepAndDropFilterOnTheJoinedValue() {
        Labels in = Labels.of("a", "foo", "b", "bar");
        assertThat(relabel(in, "- {source_labels: [a, b], regex: 'foo;bar', action: drop}")).isNull();
        assertThat(relabel(in, "- {source_labels: [a, b], regex: 'foo;bar', action: keep}")).isEqualTo(in);
        assertThat(relabel(in, "- {source_labels: [c], regex: '.+', action: keep}")).isNull();
    }

    @Test
    void keepEqualAndDropEqualCompareWithTheTargetLabel() {
        Labels same = Labels.of("a", "1", "b", "1");
        Labels different = Labels.of("a", "1", "b", "2");
        assertThat(relabel(same, "- {source_labels: [a], target_label: b, action: keepequal}")).isEqualTo(same);
        assertThat(relabel(different, "- {source_labels: [a], target_label: b, action: keepequal}")).isNull();
        assertThat(relabel(same, "- {source_labels: [a], target_label: b, action: dropequal}")).isNull();
        assertThat(relabel(different, "- {source_labels: [a], target_label: b, action: dropequal}")).isEqualTo(different);
    }

    @Test
    void hashmodUsesTheLowEightBytesOfMd5() {
        // the values Prometheus's hashmod gives for these inputs
        Labels out = relabel(Labels.of("a", "baz"), "- {source_labels: [a], target_label: b, modulus: 1000, action: hashmod}");
        assertThat(out.get("b")).isEqualTo("976");
        Labels multiline = relabel(Labels.of("a", "foo\nbar"), "- {source_labels: [a], target_label: b, modulus: 1000, action: hashmod}");
        assertThat(multiline.get("b")).isEqualTo("734");
    }

    @Test
    void labelmapCopiesMatchingLabelsUnderNewNames() {
        Labels out = relabel(Labels.of("__meta_kubernetes_pod_label_app", "web", "b", "x"), """
                - action: labelmap
                  regex: "__meta_kubernetes_pod_label_(.+)"
                """);
        assertThat(out).isEqualTo(Labels.of("__meta_kubernetes_pod_label_app", "web", "app", "web", "b", "x"));
    }

    @Test
    void labeldropAndLabelkeepMatchLabelNames() {
        Labels in = Labels.of("a", "1", "b1", "2", "b2", "3");
        assertThat(relabel(in, "- {regex: 'b.', action: labeldrop}")).isEqualTo(Labels.of("a", "1"));
        assertThat(relabel(in, "- {regex: 'b.', action: labelkeep}")).isEqualTo(Labels.of("b1", "2", "b2", "3"));
    }

    @Test
    void lowercaseAndUppercaseWriteTheTargetLabel() {
        Labels in = Labels.of("a", "AbC");
        assertThat(relabel(in, "- {source_labels: [a], target_label: l, action: lowercase}").get("l")).isEqualTo("abc");
        assertThat(relabel(in, "- {source_labels: [a], target_label: u, action: uppercase}").get("u")).isEqualTo("ABC");
    }

    @Test
    void rulesApplyInOrderAndADropStopsTheChain() {
        Labels out = relabel(Labels.of("a", "foo"), """
                - {source_labels: [a], target_label: b, replacement: bar}
                - {source_labels: [b], regex: bar, action: drop}
                - {source_labels: [a], target_label: c, replacement: never}
                """);
        assertThat(out).isNull();
    }

    @Test
    void invalidRulesAreRejectedWithPrometheusMessages() {
        assertThatThrownBy(() -> rules("- {action: hashmod, target_label: x, source_labels: [a]}"))
                .hasMessageContaining("relabel configuration for hashmod requires non-zero modulus");
        assertThatThrownBy(() -> rules("- {source_labels: [a]}"))
                .hasMessageContaining("relabel configuration for replace action requires 'target_label' value");
        assertThatThrownBy(() -> rules("- {action: labeldrop, regex: a, source_labels: [b]}"))
                .hasMessageContaining("labeldrop action requires only 'regex', and no other fields");
        assertThatThrownBy(() -> rules("- {action: keepequal, source_labels: [a], target_label: b, regex: x}"))
                .hasMessageContaining("keepequal action requires only 'source_labels' and `target_label`, and no other fields");
        assertThatThrownBy(() -> rules("- {action: lowercase, source_labels: [a], target_label: b, replacement: x}"))
                .hasMessageContaining("'replacement' can not be set for lowercase action");
        assertThatThrownBy(() -> rules("- {action: explode}"))
                .hasMessageContaining("unknown relabel action \"explode\"");
        assertThatThrownBy(() -> rules("- {source_labels: [a], target_label: b, regex: '(unclosed'}"))
                .hasMessageContaining("test.yml:1:").hasMessageContaining("error parsing regexp");
        assertThatThrownBy(() -> rules("- {source_labels: [a], target_label: '1bad'}"))
                .hasMessageContaining("\"1bad\" is invalid 'target_label' for replace action");
    }

    @Test
    void lookaroundIsRejectedAsRe2Does() {
        assertThatThrownBy(() -> rules("- {source_labels: [a], regex: 'a(?=b)', action: keep}"))
                .hasMessageContaining("invalid or unsupported Perl syntax");
    }

    @Test
    void posixClassesWorkAsInRe2() {
        assertThat(relabel(Labels.of("a", "abc"), "- {source_labels: [a], regex: '[[:alpha:]]+', action: keep}")).isNotNull();
        assertThat(relabel(Labels.of("a", "ab1"), "- {source_labels: [a], regex: '[[:alpha:]]+', action: keep}")).isNull();
    }
}
