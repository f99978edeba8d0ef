package io.pharos.query.promql.engine;

import io.pharos.query.promql.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's value, the warnings of the storage layer (such as a shard left out) and the
 * annotations (warnings and infos) the evaluation produced.
 *
 * @param warnings    plain warnings from the storage layer
 * @param annotations PromQL warnings and infos, with the position that caused them
 */
public record QueryResult(Value value, List<String> warnings, List<Annotation> annotations) {
    public QueryResult {
        warnings = List.copyOf(warnings);
        annotations = List.copyOf(annotations);
    }

    public QueryResult(Value value, List<String> warnings) {
        this(value, warnings, List.of());
    }

    /**
     * Every warning as Prometheus's API lists it: the storage warnings, then the PromQL warnings
     * formatted against the query text ({@code PromQL warning: ... (1:7)}).
     */
    public List<String> allWarnings(String query) {
        List<String> out = new ArrayList<>(warnings);
        for (Annotation a : annotations) {
            if (a.kind() == Annotation.Kind.WARNING) {
                out.add(a.format(query));
            }
        }
        return out;
    }

    /** The PromQL infos, formatted against the query text ({@code PromQL info: ... (1:7)}). */
    public List<String> infos(String query) {
        List<String> out = new ArrayList<>();
        for (Annotation a : annotations) {
            if (a.kind() == Annotation.Kind.INFO) {
                out.add(a.format(query));
            }
        }
        return out;
    }
}
