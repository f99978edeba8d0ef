package io.pharos.query.promql.engine;

import io.pharos.query.promql.value.Value;
import java.util.List;

/** A query's value and the warnings gathered on the way (such as a shard left out). */
public record QueryResult(Value value, List<String> warnings) {
    public QueryResult {
        warnings = List.copyOf(warnings);
    }
}
