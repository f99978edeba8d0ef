package io.pharos.query.rules.unittest;

/** A firing alert as a rule test compares it: expanded labels (with {@code alertname}) and annotations. */
record ReportedAlert(LabelMap labels, LabelMap annotations) implements Comparable<ReportedAlert> {
    @Override
    public int compareTo(ReportedAlert o) {
        int c = labels.compareTo(o.labels);
        return c != 0 ? c : annotations.compareTo(o.annotations);
    }

    /** As promtool prints one alert: {@code Labels:{...}} and {@code Annotations:{...}} on two lines. */
    @Override
    public String toString() {
        return "Labels:" + labels + "\nAnnotations:" + annotations;
    }
}
