package io.pharos.query.notifier;

import io.pharos.model.labels.Labels;
import java.time.Instant;

/**
 * An alert as Prometheus posts it to Alertmanager's {@code POST /api/v2/alerts}.
 *
 * @param endsAt for a firing alert, the time until which it is valid unless re-sent; for a
 *     resolved one, when it resolved
 */
public record PostableAlert(Labels labels, Annotations annotations, Instant startsAt, Instant endsAt, String generatorUrl) {
}
