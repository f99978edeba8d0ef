package io.pharos.query.rules.unittest;

/**
 * Expands the Go templates of alerting rule labels and annotations ({@code {{ $labels.job }}}),
 * as Prometheus does on every evaluation that returns the alert's sample. The seam where the
 * shared template engine plugs in once it exists; {@link VariableTemplateExpander} is the
 * interim implementation.
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
}
