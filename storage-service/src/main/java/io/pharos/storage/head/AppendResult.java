package io.pharos.storage.head;

/** What became of one appended sample. */
public enum AppendResult {
    APPENDED,
    /** Older than the series' newest sample but within the out-of-order window: kept aside. */
    APPENDED_OUT_OF_ORDER,
    /** Same timestamp and same value as the newest sample: a replay, silently ignored. */
    DUPLICATE,
    /** Same timestamp, different value: refused, as Prometheus refuses it. */
    DUPLICATE_TIMESTAMP,
    /** Older than the series' newest sample (beyond the out-of-order window): refused. */
    OUT_OF_ORDER
}
