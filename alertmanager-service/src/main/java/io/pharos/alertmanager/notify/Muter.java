package io.pharos.alertmanager.notify;

import io.pharos.model.labels.Labels;

/** Decides whether an alert is muted now (by a silence, by an inhibition). */
@FunctionalInterface
public interface Muter {
    boolean mutes(Labels labels);
}
