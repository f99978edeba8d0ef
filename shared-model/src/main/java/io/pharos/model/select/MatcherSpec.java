package io.pharos.model.select;

import io.pharos.model.labels.Matcher;

/** A label matcher as JSON carries it between services: {@code {"type":"=~","name":"job","value":"a.*"}}. */
public record MatcherSpec(String type, String name, String value) {
    public static MatcherSpec of(Matcher m) {
        return new MatcherSpec(m.type().symbol(), m.name(), m.value());
    }

    /** The matcher; a bad type or regex throws IllegalArgumentException naming it. */
    public Matcher toMatcher() {
        return Matcher.of(Matcher.Type.fromSymbol(type), name, value);
    }
}
