package io.pharos.query.rules.unittest;

import io.pharos.query.rules.QueryFunction;

/**
 * Expands the Go templates of alerting rule labels and annotations ({@code {{ $labels.job }}}),
 * as Prometheus does on every evaluation that returns the alert's sample;
 * {@link GoTemplateExpander} is the implementation.
 */
public interface TemplateExpander {
    /**
     * The text with its template actions replaced.
     *
     * @param name the template's name in error messages; Prometheus uses {@code __alert_<alertname>}
     * @throws TemplateException when the template cannot be parsed or run; the caller renders it
     *                           into the label or annotation as {@code <error expanding template: MESSAGE>},
     *                           as Prometheus does
     */
    String expand(String name, String text, TemplateData data) throws TemplateException;

    /** This expander with {@code query} running the templates' {@code query} function; by default itself. */
    default TemplateExpander withQuery(QueryFunction query) {
        return this;
    }
}
