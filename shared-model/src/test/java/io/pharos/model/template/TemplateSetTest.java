package io.pharos.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateSetTest {
    @Test
    void registeredFunctionsAreCallableAlongsideTheBuiltins() throws TemplateException {
        Functions fns = new Functions().register("twice", args -> Functions.str(args, "twice").repeat(2));
        TemplateSet set = new TemplateSet(fns);
        assertThat(set.executeText("{{ .name | twice | toUpper }} {{ len .list }} {{ printf \"%05.1f\" .x }}",
                Map.of("name", "ab", "list", List.of(1, 2, 3), "x", 3.14159))).isEqualTo("ABAB 3 003.1");
    }

    @Test
    void unknownFunctionsFailAtParseTimeUnderTheTemplateName() {
        TemplateSet set = new TemplateSet(new Functions());
        assertThatThrownBy(() -> set.check("t", "{{ nosuch }}"))
                .hasMessage("template: t:1: function \"nosuch\" not defined");
    }

    @Test
    void definedTemplatesAreKept() throws TemplateException {
        TemplateSet set = new TemplateSet(new Functions());
        set.parse("lib", "{{ define \"greet\" }}hello {{ . }}{{ end }}");
        assertThat(set.names()).contains("greet");
        assertThat(set.executeText("{{ template \"greet\" \"you\" }}", null)).isEqualTo("hello you");
    }

    @Test
    void zeroPrintsAsGoPrintsIt() throws TemplateException {
        TemplateSet set = new TemplateSet(new Functions());
        assertThat(set.executeText("{{ printf \"%.4g %g %v\" .z .z .z }}", Map.of("z", 0.0))).isEqualTo("0 0 0");
    }

    @Test
    void aFailedCallIsLocatedAtItsCommandInBytesFromTheStartOfItsLine() {
        Functions fns = new Functions().register("fail", args -> {
            throw new TemplateException("boom");
        });
        TemplateSet set = new TemplateSet(fns);
        assertThatThrownBy(() -> set.execute("t", "é {{ 1 }}\nx {{ .a | fail }}", Map.of("a", 1), false))
                .hasMessage("template: t:2:10: executing \"t\" at <fail>: error calling fail: boom");
        // é is two bytes in UTF-8, as Go counts.
        assertThatThrownBy(() -> set.execute("t", "é{{ fail }}", Map.of(), false))
                .hasMessage("template: t:1:5: executing \"t\" at <fail>: error calling fail: boom");
    }

    @Test
    void errorsQuoteTheFailedCommandOrTemplateAsGoPrintsIt() {
        Functions fns = new Functions().register("fail", args -> {
            throw new TemplateException("boom");
        });
        TemplateSet set = new TemplateSet(fns);
        assertThatThrownBy(() -> set.execute("t", "{{ fail 1 \"a\" (len .) | printf \"%v\" }}", Map.of(), false))
                .hasMessage("template: t:1:3: executing \"t\" at <fail 1 \"a\" (len .)>: error calling fail: boom");
        assertThatThrownBy(() -> set.execute("t", "ab{{ template \"nope\" . }}", Map.of(), false))
                .hasMessage("template: t:1:14: executing \"t\" at <{{template \"nope\" .}}>: template \"nope\" not defined");
    }
}
