package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The label hashes of a flush's alerts, split into firing and resolved at the flush time. */
record AlertPartition(Set<Long> firing, Set<Long> resolved) {

    static AlertPartition of(List<Alert> alerts, Instant now) {
        Set<Long> firing = new HashSet<>();
        Set<Long> resolved = new HashSet<>();
        for (Alert a : alerts) {
            (a.resolvedAt(now) ? resolved : firing).add(a.fingerprint());
        }
        return new AlertPartition(firing, resolved);
    }
}
