package io.pharos.alertmanager.api;

import io.pharos.alertmanager.Alertmanager;
import io.pharos.alertmanager.matcher.MatcherParser;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.alertmanager.silence.SilenceException;
import io.pharos.alertmanager.storage.StateStoreException;
import io.pharos.alertmanager.silence.SilenceState;
import io.pharos.model.labels.Matcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The silence endpoints of API v2, answered as Alertmanager answers them (status codes and
 * messages included), which is what {@code amtool silence add|query|update|expire} relies on.
 */
@RestController
public class SilencesController {
    private static final Logger LOG = LoggerFactory.getLogger(SilencesController.class);
    private static final Pattern UUID = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");

    /** Active first (soonest end first), then pending (soonest start first), then expired (latest end first). */
    static final Comparator<GettableSilence> ORDER = (a, b) -> {
        int sa = rank(a.status().state());
        int sb = rank(b.status().state());
        if (sa != sb) {
            return Integer.compare(sa, sb);
        }
        return switch (sa) {
            case 1 -> a.endsAt().compareTo(b.endsAt());
            case 2 -> a.startsAt().compareTo(b.startsAt());
            default -> b.endsAt().compareTo(a.endsAt());
        };
    };

    private final Alertmanager alertmanager;
    private final JsonMapper json = JsonMapper.builder().build();

    public SilencesController(Alertmanager alertmanager) {
        this.alertmanager = alertmanager;
    }

    private static int rank(String state) {
        if (state.equals(SilenceState.ACTIVE.apiName())) {
            return 1;
        }
        return state.equals(SilenceState.PENDING.apiName()) ? 2 : 3;
    }

    @GetMapping("/api/v2/silences")
    public ResponseEntity<Object> list(@RequestParam(name = "filter", required = false) List<String> filter) {
        List<Matcher> matchers = new ArrayList<>();
        if (filter != null) {
            for (String f : filter) {
                try {
                    matchers.add(MatcherParser.parse(f));
                } catch (IllegalArgumentException e) {
                    return ApiError.message(HttpStatus.BAD_REQUEST, e.getMessage());
                }
            }
        }
        Instant now = alertmanager.clock().instant();
        List<GettableSilence> out = new ArrayList<>();
        for (Silence s : alertmanager.silences().list()) {
            if (hasEveryMatcher(s, matchers)) {
                out.add(GettableSilence.of(s, now));
            }
        }
        out.sort(ORDER);
        return ResponseEntity.ok(out);
    }

    /** A silence passes a filter when it has, for each filter matcher, one with the same name, type and value. */
    static boolean hasEveryMatcher(Silence s, List<Matcher> filter) {
        for (Matcher f : filter) {
            if (s.matchers().stream().noneMatch(m -> m.equals(f))) {
                return false;
            }
        }
        return true;
    }

    @PostMapping("/api/v2/silences")
    public ResponseEntity<Object> post(@RequestBody(required = false) byte[] body) {
        PostableSilence p;
        try {
            p = PostableSilence.parse(body, json);
        } catch (PostableSilence.InvalidException e) {
            return e.status == 422 ? ApiError.unprocessable(e.code, e.getMessage()) : ApiError.badRequest(e.getMessage());
        }
        if (!p.startsAt().isBefore(p.endsAt())) {
            return failed("Failed to create silence: start time must be before end time");
        }
        if (p.endsAt().isBefore(alertmanager.clock().instant())) {
            return failed("Failed to create silence: end time can't be in the past");
        }
        if (p.regexError() != null) {
            return failed(p.regexError());
        }
        Silence s = new Silence(p.id(), p.matchers(), p.startsAt(), p.endsAt(), null, p.createdBy(), p.comment());
        try {
            String id = alertmanager.silences().set(s);
            return ResponseEntity.ok(Map.of("silenceID", id));
        } catch (SilenceException e) {
            LOG.error("Failed to create silence: {}", e.getMessage());
            return ApiError.message(e.isNotFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (StateStoreException e) {
            // Not stored, so not created: the client must know, and may retry.
            LOG.error("Failed to create silence: {}", e.getMessage());
            return ApiError.message(HttpStatus.INTERNAL_SERVER_ERROR, "Failed to create silence: " + e.getMessage());
        }
    }

    private static ResponseEntity<Object> failed(String message) {
        LOG.error(message);
        return ApiError.message(HttpStatus.BAD_REQUEST, message);
    }

    @GetMapping("/api/v2/silence/{id}")
    public ResponseEntity<Object> get(@PathVariable("id") String id) {
        if (!UUID.matcher(id).matches()) {
            return badId(id);
        }
        Optional<Silence> s = alertmanager.silences().get(id);
        if (s.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok(GettableSilence.of(s.get(), alertmanager.clock().instant()));
    }

    @DeleteMapping("/api/v2/silence/{id}")
    public ResponseEntity<Object> delete(@PathVariable("id") String id) {
        if (!UUID.matcher(id).matches()) {
            return badId(id);
        }
        try {
            alertmanager.silences().expire(id);
            return ResponseEntity.ok().build();
        } catch (SilenceException e) {
            LOG.error("Failed to expire silence: {}", e.getMessage());
            return ApiError.message(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        } catch (StateStoreException e) {
            LOG.error("Failed to expire silence: {}", e.getMessage());
            return ApiError.message(HttpStatus.INTERNAL_SERVER_ERROR, "Failed to expire silence: " + e.getMessage());
        }
    }

    private static ResponseEntity<Object> badId(String id) {
        return ApiError.unprocessable(601, "silenceID in path must be of type uuid: \"" + id + "\"");
    }
}
