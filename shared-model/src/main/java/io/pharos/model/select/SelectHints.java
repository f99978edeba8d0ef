package io.pharos.model.select;

/**
 * What the query engine will do with a select, so that a shard can push work down (as
 * Prometheus's SelectHints): the evaluation step, the range of the selector ({@code [5m]}),
 * and the function applied to it ({@code rate}), in milliseconds. A shard may ignore them;
 * today shards answer with raw chunks whatever the hints.
 */
public record SelectHints(long stepMillis, long rangeMillis, String function) {
    public static final SelectHints NONE = new SelectHints(0, 0, "");

    public SelectHints {
        function = function == null ? "" : function;
    }
}
