package io.pharos.query.rules.unittest;

import io.pharos.query.rules.AlertTemplates;
import io.pharos.query.rules.QueryFunction;

/**
 * The {@link TemplateExpander} of the rule test runner: the Go text/template engine with
 * Prometheus's data and functions ({@link AlertTemplates}), so that test files see the labels
 * and annotations Prometheus would produce, {@code query} included when a query function is given.
 */
public final class GoTemplateExpander implements TemplateExpander {
    private final QueryFunction query;

    /** Without {@code query}: a template that queries renders an error. */
    public GoTemplateExpander() {
        this(null);
    }

    public GoTemplateExpander(QueryFunction query) {
        this.query = query;
    }

    @Override
    public TemplateExpander withQuery(QueryFunction query) {
        return new GoTemplateExpander(query);
    }

    @Override
    public String expand(String name, String text, TemplateData data) throws TemplateException {
        try {
            return new AlertTemplates(data.externalLabels(), data.externalUrl(), query)
                    .expandOrThrow(name, text, data.labels(), data.value(), data.timestampMillis());
        } catch (io.pharos.model.template.TemplateException e) {
            throw new TemplateException(e.getMessage());
        }
    }
}
