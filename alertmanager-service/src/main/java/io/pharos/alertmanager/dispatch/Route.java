package io.pharos.alertmanager.dispatch;

import io.pharos.alertmanager.config.RouteConfig;
import io.pharos.alertmanager.matcher.Matchers;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A node of the routing tree. An alert matches a node when it matches the node's matchers;
 * it is then offered to the children left to right, and the search stops at the first matching
 * child unless that child has {@code continue: true}. A node that matches but none of whose
 * children do is itself a match: the result is the deepest matching nodes.
 */
public final class Route {
    private final Route parent;
    private final RouteOptions options;
    private final List<Matcher> matchers;
    private final boolean continueMatching;
    private final List<Route> children;
    private final int index;

    private Route(Route parent, RouteConfig config, int[] counter) {
        this.parent = parent;
        this.options = inherit(parent == null ? RouteOptions.DEFAULTS : parent.options, config);
        this.matchers = Matchers.sorted(config.matchers());
        this.continueMatching = config.continueMatching();
        List<Route> kids = new ArrayList<>();
        for (RouteConfig c : config.routes()) {
            kids.add(new Route(this, c, counter));
        }
        this.children = Collections.unmodifiableList(kids);
        this.index = counter[0]++;
    }

    /** Builds the tree from the config's root route; nodes are numbered in post-order. */
    public static Route tree(RouteConfig root) {
        return new Route(null, root, new int[] {0});
    }

    private static RouteOptions inherit(RouteOptions parent, RouteConfig c) {
        Set<String> groupBy = parent.groupBy();
        boolean groupByAll = parent.groupByAll();
        // Alertmanager takes an empty list (group_by: []) as not set: the parent's grouping applies.
        if (c.groupBy() != null && !c.groupBy().isEmpty()) {
            groupBy = new LinkedHashSet<>(c.groupBy());
            groupByAll = false;
        } else if (c.groupByAll()) {
            groupByAll = true;
        }
        return new RouteOptions(
                c.receiver() != null ? c.receiver() : parent.receiver(),
                groupBy,
                groupByAll,
                c.groupWait() != null ? c.groupWait() : parent.groupWait(),
                c.groupInterval() != null ? c.groupInterval() : parent.groupInterval(),
                c.repeatInterval() != null ? c.repeatInterval() : parent.repeatInterval(),
                c.muteTimeIntervals(),
                c.activeTimeIntervals());
    }

    /** The matching nodes, depth first, left to right. */
    public List<Route> match(Labels labels) {
        if (!Matchers.matches(matchers, labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : children) {
            List<Route> m = child.match(labels);
            all.addAll(m);
            if (!m.isEmpty() && !child.continueMatching) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** The receivers an alert with these labels goes to, in routing order. */
    public List<String> receivers(Labels labels) {
        return match(labels).stream().map(r -> r.options.receiver()).toList();
    }

    /** The labels that name this route's group for an alert: its group_by labels, or all with '...'. */
    public Labels groupLabels(Labels alertLabels) {
        if (options.groupByAll()) {
            return alertLabels;
        }
        Labels.Builder b = Labels.builder();
        for (String name : options.groupBy()) {
            String v = alertLabels.get(name);
            if (!v.isEmpty()) {
                b.set(name, v);
            }
        }
        return b.build();
    }

    /** Alertmanager's route key: the matchers of every node from the root, {@code {}/{severity="page"}}. */
    public String key() {
        String own = Matchers.format(matchers);
        return parent == null ? own : parent.key() + "/" + own;
    }

    /** Like {@link #key()}, with each node's position among its siblings: unique in the tree. */
    public String id() {
        String own = Matchers.format(matchers);
        if (parent == null) {
            return own;
        }
        return parent.id() + "/" + own + "/" + parent.children.indexOf(this);
    }

    /** Visits this node and its descendants, depth first. */
    public void walk(Consumer<Route> visitor) {
        visitor.accept(this);
        for (Route c : children) {
            c.walk(visitor);
        }
    }

    public RouteOptions options() {
        return options;
    }

    public List<Matcher> matchers() {
        return matchers;
    }

    public boolean continueMatching() {
        return continueMatching;
    }

    public List<Route> children() {
        return children;
    }

    public Route parent() {
        return parent;
    }

    /** Post-order number; the root has the highest. */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return "Route" + id() + "->" + options.receiver();
    }
}
