package io.pharos.alertmanager.api;

import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.matcher.Matchers;
import io.pharos.model.labels.Matcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /api/v2/silences}, checked as go-swagger checks it: required fields in
 * alphabetical order, at least one matcher.
 *
 * @param id empty for a new silence
 * @param regexError the first regular expression that does not compile, reported only once the
 *     time checks have passed (Alertmanager's order); null when all compile
 */
record PostableSilence(
        String id,
        List<Matcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        String regexError) {

    /** A body that cannot be decoded (400) or fails validation (422, with go-swagger's code). */
    static final class InvalidException extends Exception {
        final int status;
        final int code;

        InvalidException(int status, int code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    static PostableSilence parse(byte[] body, JsonMapper json) throws InvalidException {
        if (body == null || body.length == 0) {
            throw new InvalidException(422, 602, "silence in body is required");
        }
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (JacksonException e) {
            throw malformed(firstLine(e.getOriginalMessage()));
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw new InvalidException(422, 602, "silence in body is required");
        }
        if (!n.isObject()) {
            throw malformed("json: cannot unmarshal " + kind(n) + " into Go value of type models.PostableSilence");
        }
        String comment = string(n, "comment");
        String createdBy = string(n, "createdBy");
        Instant endsAt = time(n, "endsAt");
        JsonNode ms = n.get("matchers");
        if (ms != null && !ms.isNull() && !ms.isArray()) {
            throw malformed("json: cannot unmarshal " + kind(ms) + " into Go struct field PostableSilence.matchers of type models.Matchers");
        }
        Instant startsAt = time(n, "startsAt");
        String id = string(n, "id");
        if (comment == null) {
            throw required("comment");
        }
        if (createdBy == null) {
            throw required("createdBy");
        }
        if (endsAt == null) {
            throw required("endsAt");
        }
        if (ms == null || ms.isNull()) {
            throw required("matchers");
        }
        if (ms.isEmpty()) {
            throw new InvalidException(422, 612, "matchers in body should have at least 1 items");
        }
        List<Matcher> matchers = new ArrayList<>();
        String regexError = null;
        for (int i = 0; i < ms.size(); i++) {
            JsonNode m = ms.get(i);
            String path = "matchers." + i + ".";
            if (!m.isObject()) {
                throw malformed("json: cannot unmarshal " + kind(m) + " into Go struct field PostableSilence.matchers of type models.Matcher");
            }
            Boolean isEqual = bool(m, "isEqual", path);
            Boolean isRegex = bool(m, "isRegex", path);
            String name = string(m, "name");
            String value = string(m, "value");
            if (isRegex == null) {
                throw required(path + "isRegex");
            }
            if (name == null) {
                throw required(path + "name");
            }
            if (value == null) {
                throw required(path + "value");
            }
            boolean eq = isEqual == null || isEqual;
            Matcher.Type type = isRegex ? (eq ? Matcher.Type.RE : Matcher.Type.NRE) : (eq ? Matcher.Type.EQ : Matcher.Type.NEQ);
            try {
                matchers.add(Matchers.of(type, name, value));
            } catch (PatternSyntaxException e) {
                if (regexError == null) {
                    regexError = "silence invalid: invalid label matcher " + i + ": invalid regular expression \""
                            + value + "\": " + e.getDescription();
                }
                matchers.add(Matcher.equal(name, value));
            }
        }
        if (startsAt == null) {
            throw required("startsAt");
        }
        return new PostableSilence(id == null ? "" : id, matchers, startsAt, endsAt, createdBy, comment, regexError);
    }

    private static InvalidException required(String field) {
        return new InvalidException(422, 602, field + " in body is required");
    }

    private static InvalidException malformed(String why) {
        return new InvalidException(400, 400, "parsing silence body from \"\" failed, because " + why);
    }

    private static String string(JsonNode n, String field) throws InvalidException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw malformed("json: cannot unmarshal " + kind(v) + " into Go struct field ." + field + " of type string");
        }
        return v.asString();
    }

    private static Boolean bool(JsonNode n, String field, String path) throws InvalidException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw malformed("json: cannot unmarshal " + kind(v) + " into Go struct field Matcher." + path + field + " of type bool");
        }
        return v.asBoolean();
    }

    private static Instant time(JsonNode n, String field) throws InvalidException {
        String s = string(n, field);
        if (s == null) {
            return null;
        }
        try {
            Instant t = Rfc3339.parse(s);
            return t == null ? Instant.parse(Rfc3339.ZERO) : t;
        } catch (IllegalArgumentException e) {
            throw malformed("parsing time \"" + s + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"" + s + "\"");
        }
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "string";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
