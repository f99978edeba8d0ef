package io.pharos.alertmanager.template;

import static io.pharos.model.template.Functions.none;
import static io.pharos.model.template.Functions.one;
import static io.pharos.model.template.Functions.str;
import static io.pharos.model.template.Functions.time;
import static io.pharos.model.template.Functions.two;

import io.pharos.model.template.Functions;
import io.pharos.model.template.GoDuration;
import io.pharos.model.template.GoTime;
import io.pharos.model.template.Json;
import io.pharos.model.template.Strings;
import io.pharos.model.template.TemplateException;
import io.pharos.model.template.Values;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions only Alertmanager's templates have, on top of the shared core: {@code join},
 * {@code trimSpace}, {@code safeUrl}, {@code urlUnescape}, {@code stringSlice}, {@code date},
 * {@code tz}, {@code now}, {@code since}, {@code toJson}, {@code list}, {@code append},
 * {@code dict}, {@code base64encode}, {@code base64decode}.
 */
final class AlertmanagerFunctions {
    private AlertmanagerFunctions() {
    }

    /** The core functions plus Alertmanager's, reading the time from {@code clock}. */
    static Functions create(Clock clock) {
        Functions fns = new Functions();
        fns.register("trimSpace", args -> str(args, "trimSpace").strip());
        fns.register("join", args -> {
            two(args, "join");
            return String.join(Values.string(args.get(0), "join"), Values.stringList(args.get(1), "join"));
        });
        fns.register("safeUrl", args -> str(args, "safeUrl"));
        fns.register("urlUnescape", args -> {
            try {
                return URLDecoder.decode(str(args, "urlUnescape"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new TemplateException("invalid URL escape: " + e.getMessage());
            }
        });
        fns.register("stringSlice", args -> {
            List<String> out = new ArrayList<>();
            for (Object a : args) {
                out.add(Values.string(a, "stringSlice"));
            }
            return new Strings(out);
        });
        fns.register("date", args -> {
            two(args, "date");
            return time(args.get(1), "date").format(Values.string(args.get(0), "date"));
        });
        fns.register("tz", args -> {
            two(args, "tz");
            GoTime t = time(args.get(1), "tz");
            String name = Values.string(args.get(0), "tz");
            try {
                return new GoTime(t.instant(), name.isEmpty() || name.equals("UTC") ? ZoneId.of("UTC")
                        : name.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(name));
            } catch (DateTimeException e) {
                throw new TemplateException("unknown time zone " + name);
            }
        });
        fns.register("now", args -> {
            none(args, "now");
            return new GoTime(clock.instant(), ZoneId.systemDefault());
        });
        fns.register("since", args -> new GoDuration(Duration.between(time(one(args, "since"), "since").instant(), clock.instant())));
        fns.register("toJson", args -> Json.write(one(args, "toJson")));
        fns.register("list", args -> new ArrayList<>(args));
        fns.register("append", args -> {
            if (args.isEmpty() || !(args.get(0) instanceof List<?> l)) {
                throw new TemplateException("wrong type for value; expected []interface {} in append");
            }
            List<Object> out = new ArrayList<>(l);
            out.addAll(args.subList(1, args.size()));
            return out;
        });
        fns.register("dict", args -> {
            if (args.size() % 2 != 0) {
                throw new TemplateException("dict requires an even number of arguments");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i += 2) {
                if (!(args.get(i) instanceof String k)) {
                    throw new TemplateException("dict keys must be strings");
                }
                out.put(k, args.get(i + 1));
            }
            return out;
        });
        fns.register("base64encode", args -> Base64.getUrlEncoder().encodeToString(
                str(args, "base64encode").getBytes(StandardCharsets.UTF_8)));
        fns.register("base64decode", args -> {
            try {
                return new String(Base64.getUrlDecoder().decode(str(args, "base64decode")), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new TemplateException("illegal base64 data: " + e.getMessage());
            }
        });
        return fns;
    }
}
