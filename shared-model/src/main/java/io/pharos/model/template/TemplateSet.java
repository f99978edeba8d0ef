package io.pharos.model.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named Go text/templates parsed against one set of {@link Functions}, and the way text is
 * rendered with them: {@code define}d templates are kept, so a later {@code template "name"}
 * call finds them. Each service registers its own functions and supplies its own data.
 */
public final class TemplateSet {
    private final Map<String, Node.ListNode> defined = new LinkedHashMap<>();
    private final Functions functions;

    public TemplateSet(Functions functions) {
        this.functions = functions;
    }

    /** Parses text and keeps its {@code define}s (and its body, under {@code name}, when not empty). */
    public void parse(String name, String text) throws TemplateException {
        Parser.Result r = Parser.parse(name, text, functions.names());
        defined.putAll(r.defined());
        if (r.root().nodes().stream().anyMatch(n -> !(n instanceof Node.Text t) || !t.text().isBlank())) {
            defined.put(name, r.root());
        }
    }

    /** Checks that text parses against this set, without keeping anything. */
    public void check(String text) throws TemplateException {
        Parser.parse("", text, functions.names());
    }

    /** Checks that text parses under the template name {@code name}, without keeping anything. */
    public void check(String name, String text) throws TemplateException {
        Parser.parse(name, text, functions.names());
    }

    /** The names of the defined templates. */
    public Set<String> names() {
        return new TreeSet<>(defined.keySet());
    }

    /** Renders {@code text} (which may call the set's templates) as plain text. */
    public String executeText(String text, Object data) throws TemplateException {
        return execute("", text, data, false);
    }

    /** Renders {@code text} escaping every printed value for HTML, except {@code safeHtml} ones. */
    public String executeHtml(String text, Object data) throws TemplateException {
        return execute("", text, data, true);
    }

    /** Renders {@code text} under the template name {@code name} (which error messages carry). */
    public String execute(String name, String text, Object data, boolean html) throws TemplateException {
        if (text == null || text.isEmpty()) {
            return "";
        }
        Parser.Result r = Parser.parse(name, text, functions.names());
        Map<String, Node.ListNode> all = defined;
        if (!r.defined().isEmpty()) {
            all = new LinkedHashMap<>(defined);
            all.putAll(r.defined());
        }
        return new Executor(all, functions, html).run(name, r.root(), data);
    }

    /** Renders the named template. */
    public String executeTemplate(String name, Object data, boolean html) throws TemplateException {
        Node.ListNode t = defined.get(name);
        if (t == null) {
            throw new TemplateException("template: no template \"" + name + "\" associated with template \"\"");
        }
        return new Executor(defined, functions, html).run(name, t, data);
    }
}
