package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.PromqlText;

/** Error texts worded as Prometheus words them, and label sets printed as Prometheus prints them. */
final class Messages {
    static final String SAME_LABELSET = "vector cannot contain metrics with the same labelset";

    private Messages() {
    }

    /** A label set as Prometheus's {@code labels.Labels.String()}: {@code {__name__="x", a="b"}}. */
    static String labels(Labels labels) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            String name = labels.name(i);
            b.append(PromqlText.isLegacyName(name) ? name : PromqlText.quote(name));
            b.append('=').append(PromqlText.quote(labels.value(i)));
        }
        return b.append('}').toString();
    }

    /** Go's {@code %g} of a float with the shortest digits. */
    static String g(double v) {
        return PromqlText.formatFloatG(v);
    }
}
