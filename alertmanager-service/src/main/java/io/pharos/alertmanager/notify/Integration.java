package io.pharos.alertmanager.notify;

/**
 * One configured integration of a receiver: the {@code index}-th entry of its
 * {@code <name>_configs} list. Its notification log entries are keyed by receiver, name and index.
 */
public record Integration(String receiver, String name, int index, Notifier notifier, boolean sendResolved) {
    @Override
    public String toString() {
        return name + "[" + index + "]";
    }
}
