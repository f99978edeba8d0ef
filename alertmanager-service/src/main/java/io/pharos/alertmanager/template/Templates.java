package io.pharos.alertmanager.template;

import io.pharos.model.template.TemplateException;
import io.pharos.model.template.TemplateSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A set of named templates and the way notifications render text with them, as Alertmanager's
 * {@code template.Template} does: the bundled defaults ({@code slack.default.title},
 * {@code pagerduty.default.description}, {@code email.default.html}, ...) are parsed first, then
 * the files of the config's {@code templates:} globs, so a user's {@code define} replaces a
 * default of the same name. {@link #executeText} renders a config field such as
 * {@code '{{ template "slack.default.title" . }}'} against notification data.
 */
public final class Templates {
    /** The bundled default templates, on the classpath. */
    public static final String DEFAULTS = "io/pharos/alertmanager/template/default.tmpl";

    private final TemplateSet set;

    private Templates(Clock clock) {
        this.set = new TemplateSet(AlertmanagerFunctions.create(clock));
    }

    /** An empty set, without the defaults. */
    public static Templates empty(Clock clock) {
        return new Templates(clock);
    }

    /** The bundled default templates. */
    public static Templates defaults(Clock clock) {
        Templates t = new Templates(clock);
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("missing " + DEFAULTS);
            }
            t.parse("default.tmpl", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot load the default templates: " + e.getMessage(), e);
        }
        return t;
    }

    /** The defaults plus the files matching {@code globs} (relative ones against {@code baseDir}). */
    public static Templates fromGlobs(List<String> globs, Path baseDir, Clock clock) throws TemplateException {
        Templates t = defaults(clock);
        for (String glob : globs) {
            for (Path file : expand(glob, baseDir)) {
                try {
                    t.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new TemplateException("read template file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return t;
    }

    /** The files a {@code templates:} glob names, in name order; a glob matching nothing is fine, as in Go. */
    static List<Path> expand(String glob, Path baseDir) throws TemplateException {
        Path pattern = Path.of(glob);
        if (!pattern.isAbsolute() && baseDir != null) {
            pattern = baseDir.resolve(pattern);
        }
        Path dir = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
        String name = pattern.getFileName() == null ? "" : pattern.getFileName().toString();
        if (dir.toString().contains("*") || dir.toString().contains("?") || dir.toString().contains("[")) {
            throw new TemplateException("template glob " + glob + ": wildcards are supported in the file name only");
        }
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        PathMatcher m;
        try {
            m = FileSystems.getDefault().getPathMatcher("glob:" + name);
        } catch (IllegalArgumentException e) {
            throw new TemplateException("syntax error in pattern " + glob);
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> m.matches(p.getFileName()) && Files.isRegularFile(p)).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new TemplateException("template glob " + glob + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Parses text and keeps its {@code define}s (and its body, under {@code name}, when not empty). */
    public void parse(String name, String text) throws TemplateException {
        set.parse(name, text);
    }

    /** Checks that text parses against this set, without keeping anything. */
    public void check(String text) throws TemplateException {
        set.check(text);
    }

    /** The names of the defined templates. */
    public Set<String> names() {
        return set.names();
    }

    /** Renders {@code text} (which may call the set's templates) as plain text. */
    public String executeText(String text, Object data) throws TemplateException {
        return set.executeText(text, data);
    }

    /** Renders {@code text} escaping every printed value for HTML, except {@code safeHtml} ones. */
    public String executeHtml(String text, Object data) throws TemplateException {
        return set.executeHtml(text, data);
    }

    /** Renders the named template. */
    public String executeTemplate(String name, Object data, boolean html) throws TemplateException {
        return set.executeTemplate(name, data, html);
    }
}
