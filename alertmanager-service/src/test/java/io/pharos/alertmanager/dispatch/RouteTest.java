package io.pharos.alertmanager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteTest {
    private static final String TREE = """
            route:
              receiver: default
              group_by: [alertname]
              group_wait: 10s
              routes:
                - matchers: ['service=~"foo1|foo2|baz"']
                  receiver: team-X-mails
                  routes:
                    - match:
                        severity: critical
                      receiver: team-X-pager
                - match:
                    service: files
                  receiver: team-Y-mails
                  group_by: [alertname, cluster]
                  group_interval: 1m
                - match_re:
                    service: ^database$
                  receiver: team-DB-pager
                  continue: true
                  group_by: ['...']
                - match:
                    owner: team-Y
                  receiver: team-Y-pager
            receivers:
              - name: default
              - name: team-X-mails
              - name: team-X-pager
              - name: team-Y-mails
              - name: team-DB-pager
              - name: team-Y-pager
            """;

    private static Route tree(String yaml) throws Exception {
        return Route.tree(new ConfigLoader().parse(yaml).route());
    }

    @Test
    void deepestMatchingRouteWinsAndParentCatchesTheRest() throws Exception {
        Route root = tree(TREE);
        assertThat(root.receivers(Labels.of("service", "foo1", "severity", "critical"))).containsExactly("team-X-pager");
        assertThat(root.receivers(Labels.of("service", "foo2", "severity", "warning"))).containsExactly("team-X-mails");
        assertThat(root.receivers(Labels.of("service", "unknown"))).containsExactly("default");
    }

    @Test
    void regexMatchersAreAnchored() throws Exception {
        Route root = tree(TREE);
        assertThat(root.receivers(Labels.of("service", "foo10"))).containsExactly("default");
        assertThat(root.receivers(Labels.of("service", "xdatabase"))).containsExactly("default");
    }

    @Test
    void continueOffersTheAlertToLaterSiblings() throws Exception {
        Route root = tree(TREE);
        assertThat(root.receivers(Labels.of("service", "database", "owner", "team-Y")))
                .containsExactly("team-DB-pager", "team-Y-pager");
        assertThat(root.receivers(Labels.of("service", "files", "owner", "team-Y")))
                .as("no continue on the files route").containsExactly("team-Y-mails");
    }

    @Test
    void childrenInheritAndOverrideOptions() throws Exception {
        Route root = tree(TREE);
        Route files = root.match(Labels.of("service", "files")).get(0);
        assertThat(files.options().groupBy()).containsExactlyInAnyOrder("alertname", "cluster");
        assertThat(files.options().groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(files.options().groupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(files.options().repeatInterval()).isEqualTo(Duration.ofHours(4));
        Route pager = root.match(Labels.of("service", "foo1", "severity", "critical")).get(0);
        assertThat(pager.options().groupBy()).containsExactly("alertname");
    }

    @Test
    void defaultsApplyAtTheRoot() throws Exception {
        Route root = tree("route: {receiver: r}\nreceivers: [{name: r}]\n");
        assertThat(root.options().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(root.options().groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(root.options().repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(root.options().groupBy()).isEmpty();
        assertThat(root.groupLabels(Labels.of("alertname", "A", "x", "y"))).isEqualTo(Labels.EMPTY);
    }

    @Test
    void groupLabelsComeFromGroupByOrAllLabelsWithEllipsis() throws Exception {
        Route root = tree(TREE);
        Labels alert = Labels.of("alertname", "Slow", "service", "database", "db", "main");
        Route db = root.match(alert).get(0);
        assertThat(db.options().groupByAll()).isTrue();
        assertThat(db.groupLabels(alert)).isEqualTo(alert);
        Route files = root.match(Labels.of("service", "files")).get(0);
        assertThat(files.groupLabels(Labels.of("alertname", "A", "service", "files", "instance", "i")))
                .isEqualTo(Labels.of("alertname", "A"));
    }

    @Test
    void routeKeysListTheMatchersOfEveryLevel() throws Exception {
        Route root = tree(TREE);
        Route pager = root.match(Labels.of("service", "foo1", "severity", "critical")).get(0);
        assertThat(pager.key()).isEqualTo("{}/{service=~\"foo1|foo2|baz\"}/{severity=\"critical\"}");
        assertThat(pager.id()).isEqualTo("{}/{service=~\"foo1|foo2|baz\"}/0/{severity=\"critical\"}/0");
        assertThat(root.key()).isEqualTo("{}");
    }

    @Test
    void amtoolRoutingFixtureOrderAndContinue() throws Exception {
        String routing = """
                route:
                  receiver: default
                  routes:
                    - match_re:
                        test: ^[12]$
                      receiver: test1
                      continue: true
                    - match:
                        test: 2
                      receiver: test2
                receivers: [{name: default}, {name: test1}, {name: test2}]
                """;
        Route root = tree(routing);
        assertThat(root.receivers(Labels.of("test", "1"))).containsExactly("test1");
        assertThat(root.receivers(Labels.of("test", "2"))).containsExactly("test1", "test2");
        assertThat(root.receivers(Labels.of("test", "volovina"))).containsExactly("default");
    }
}
