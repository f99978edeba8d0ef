package io.pharos.alertmanager.config;

import java.nio.file.Path;
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
    private final Path file;
    private final List<Consumer<AlertmanagerConfig>> subscribers = new CopyOnWriteArrayList<>();
    private final List<ReloadListener> reloadListeners = new CopyOnWriteArrayList<>();
    private volatile AlertmanagerConfig current;

    /**
     * @param file the alertmanager.yml to read, or null to use the bundled default config
     */
    public ConfigCoordinator(ConfigLoader loader, Path file) {
        this.loader = loader;
        this.file = file;
    }

    /** Subscribers are called in order, on the reloading thread, with the new config. */
    public void subscribe(Consumer<AlertmanagerConfig> subscriber) {
        subscribers.add(subscriber);
    }

    public void addReloadListener(ReloadListener listener) {
        reloadListeners.add(listener);
    }

    /** The file in use, or null when running on the bundled default. */
    public Path file() {
        return file;
    }

    /** The running config; null before the first successful {@link #reload()}. */
    public AlertmanagerConfig current() {
        return current;
    }

    /** Re-reads the file and applies it; on failure the running config stays. */
    public synchronized AlertmanagerConfig reload() throws ConfigException {
        AlertmanagerConfig next;
        try {
            next = file == null ? loader.loadDefault() : loader.load(file);
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
