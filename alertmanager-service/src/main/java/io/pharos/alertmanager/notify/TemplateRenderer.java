package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.template.TemplateData;
import io.pharos.alertmanager.template.Templates;
import io.pharos.model.template.TemplateException;

/**
 * Renders a notification's template fields against its data; the first error is kept and
 * reported once all fields are rendered (Alertmanager's {@code tmplText} pattern), and an empty
 * string stands for a field that failed.
 */
public final class TemplateRenderer {
    private final Templates templates;
    private final TemplateData data;
    private TemplateException error;

    public TemplateRenderer(Templates templates, TemplateData data) {
        this.templates = templates;
        this.data = data;
    }

    public TemplateData data() {
        return data;
    }

    public String text(String template) {
        if (error != null) {
            return "";
        }
        try {
            return templates.executeText(template, data);
        } catch (TemplateException e) {
            error = e;
            return "";
        }
    }

    public String html(String template) {
        if (error != null) {
            return "";
        }
        try {
            return templates.executeHtml(template, data);
        } catch (TemplateException e) {
            error = e;
            return "";
        }
    }

    /** Throws the first template error, as a failure that retrying cannot fix. */
    public void check(String what) throws NotificationException {
        if (error != null) {
            throw new NotificationException("failed to template " + what + ": " + error.getMessage(), false,
                    FailureReason.OTHER, error);
        }
    }
}
