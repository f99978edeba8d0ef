package io.pharos.alertmanager.alert;

import java.util.List;

/**
 * What the API reports about an alert's muting: its state and the silences (IDs) and inhibiting
 * alerts (fingerprints) that mute it.
 */
public record AlertStatus(AlertState state, List<String> silencedBy, List<String> inhibitedBy) {
    public AlertStatus {
        silencedBy = List.copyOf(silencedBy);
        inhibitedBy = List.copyOf(inhibitedBy);
    }

    public static AlertStatus of(List<String> silencedBy, List<String> inhibitedBy) {
        boolean muted = !silencedBy.isEmpty() || !inhibitedBy.isEmpty();
        return new AlertStatus(muted ? AlertState.SUPPRESSED : AlertState.ACTIVE, silencedBy, inhibitedBy);
    }

    public boolean silenced() {
        return !silencedBy.isEmpty();
    }

    public boolean inhibited() {
        return !inhibitedBy.isEmpty();
    }
}
