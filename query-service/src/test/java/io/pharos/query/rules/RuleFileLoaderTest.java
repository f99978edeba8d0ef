package io.pharos.query.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleFileLoaderTest {
    private static List<RuleGroup> parse(String yaml) {
        return RuleFileLoader.parse("rules.yml", yaml, Duration.ofMinutes(1));
    }

    @Test
    void readsGroupsWithAlertingAndRecordingRules() {
        List<RuleGroup> groups = parse("""
                groups:
                  - name: g
                    interval: 30s
                    rules:
                      - record: job:up:sum
                        expr: up
                      - alert: Down
                        expr: up == 0
                        for: 5m
                        labels: {severity: page}
                        annotations: {summary: down, runbook: ''}
                  - name: h
                    rules: []
                """);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(groups.get(1).interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(groups.get(0).rules().get(0)).isInstanceOf(RecordingRule.class);
        AlertingRule a = (AlertingRule) groups.get(0).rules().get(1);
        assertThat(a.holdDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.labels().get("severity")).isEqualTo("page");
        // An empty annotation is kept, as Prometheus keeps (and shows) it.
        assertThat(a.annotations()).isEqualTo(io.pharos.query.notifier.Annotations.of("summary", "down", "runbook", ""));
    }

    @Test
    void badExpressionNamesFileGroupAndRule() {
        assertThatThrownBy(() -> parse("""
                groups:
                  - name: g
                    rules:
                      - alert: Broken
                        expr: up ==
                """)).hasMessageStartingWith("rules.yml:5: groups[0].rules[0].expr: group \"g\", rule alert \"Broken\": could not parse expression");
    }

    @Test
    void templatesThatDoNotParseAreRefused() {
        assertThatThrownBy(() -> parse("""
                groups:
                  - name: g
                    rules:
                      - alert: Bad
                        expr: up == 0
                        annotations:
                          summary: "{{ $labels.job | nosuch }}"
                """)).hasMessageContaining("group \"g\", rule alert \"Bad\": annotation \"summary\": "
                + "template: __alert_Bad:1: function \"nosuch\" not defined");
        assertThatThrownBy(() -> parse("""
                groups:
                  - name: g
                    rules:
                      - alert: Bad
                        expr: up == 0
                        labels:
                          severity: "{{ if }}"
                """)).hasMessageContaining("label \"severity\": template: __alert_Bad:1: ");
    }

    @Test
    void duplicateGroupNamesAreRefused() {
        assertThatThrownBy(() -> parse("groups: [{name: g, rules: []}, {name: g, rules: []}]"))
                .hasMessageContaining("groupname: \"g\" is repeated in the same file");
    }

    @Test
    void invalidRecordNameIsRefused() {
        assertThatThrownBy(() -> parse("groups: [{name: g, rules: [{record: 'a-b', expr: up}]}]"))
                .hasMessageContaining("invalid recording rule name: a-b");
    }

    @Test
    void ruleNeedsExactlyOneOfRecordAndAlert() {
        assertThatThrownBy(() -> parse("groups: [{name: g, rules: [{expr: up}]}]"))
                .hasMessageContaining("one of 'record' or 'alert' must be set");
    }

    @Test
    void unknownFieldIsRefused() {
        assertThatThrownBy(() -> parse("groups: [{name: g, rules: [{alert: A, expr: up, severity: x}]}]"))
                .hasMessageContaining("field severity not found");
    }
}
