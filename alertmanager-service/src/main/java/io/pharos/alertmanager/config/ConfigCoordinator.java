package io.pharos.alertmanager.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Owns the running configuration: loads it at start, reloads it on request and hands every
 * accepted config to its subscribers. A config that fails to load, or that a subscriber rejects,
 * leaves the running one in place and the error is reported to the caller.
 */
public final class ConfigCoordinator {
    /** Told about every reload attempt, for the reload metrics. */
    public interface ReloadListener {
        void reloaded(boolean success, AlertmanagerConfig config);
    }

    private final ConfigLoader loader;
    private final String location;
    private final List<Consumer<AlertmanagerConfig>> subscribers = new CopyOnWriteArrayList<>();
    private final List<ReloadListener> reloadListeners = new CopyOnWriteArrayList<>();
    private volatile AlertmanagerConfig current;

    /**
     * @param location the alertmanager.yml to read: a path or a {@code classpath:} resource;
     *     null or blank for the bundled default config
     */
    public ConfigCoordinator(ConfigLoader loader, String location) {
        this.loader = loader;
        this.location = location == null || location.isBlank() ? ConfigLoader.DEFAULT_LOCATION : location;
    }

    /** Subscribers are called in order, on the reloading thread, with the new config. */
    public void subscribe(Consumer<AlertmanagerConfig> subscriber) {
        subscribers.add(subscriber);
    }

    public void addReloadListener(ReloadListener listener) {
        reloadListeners.add(listener);
    }

    /** Where the config is read from. */
    public String location() {
        return location;
    }

    /** The running config; null before the first successful {@link #reload()}. */
    public AlertmanagerConfig current() {
        return current;
    }

    /** Re-reads the file and applies it; on failure the running config stays. */
    public synchronized AlertmanagerConfig reload() throws ConfigException {
        AlertmanagerConfig next;
        try {
            next = loader.load(location);
            for (Consumer<AlertmanagerConfig> s : subscribers) {
                s.accept(next);
            }
        } catch (ConfigException e) {
            reloadListeners.forEach(l -> l.reloaded(false, current));
            throw e;
        } catch (RuntimeException e) {
            reloadListeners.forEach(l -> l.reloaded(false, current));
            throw new ConfigException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        current = next;
        reloadListeners.forEach(l -> l.reloaded(true, next));
        return next;
    }
}
