package io.pharos.alertmanager.notify;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which aggregation groups a time interval mutes right now, by group key, with the names of the
 * intervals: the time stages record it at every flush, the API reads it ({@code mutedBy}).
 */
public final class GroupMutes {
    private final Map<String, List<String>> muted = new ConcurrentHashMap<>();

    public void set(String groupKey, List<String> intervals) {
        if (intervals == null || intervals.isEmpty()) {
            muted.remove(groupKey);
        } else {
            muted.put(groupKey, List.copyOf(intervals));
        }
    }

    /** The intervals muting the group, empty when none does. */
    public List<String> mutedBy(String groupKey) {
        return muted.getOrDefault(groupKey, List.of());
    }

    public void clear() {
        muted.clear();
    }
}
