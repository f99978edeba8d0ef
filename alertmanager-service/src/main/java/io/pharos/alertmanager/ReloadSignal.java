package io.pharos.alertmanager;

import io.pharos.alertmanager.config.ConfigCoordinator;
import io.pharos.alertmanager.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration when the process gets SIGHUP, through {@code sun.misc.Signal}, which
 * replaces the JVM's default (shutting down on SIGHUP). A handler that another service of the
 * same JVM installed before is called too, so services sharing a process all reload. Where signals cannot be handled (no {@code jdk.unsupported}, a
 * platform without SIGHUP, or a JVM started with {@code -Xrs}), it logs and does nothing.
 */
public final class ReloadSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private final ConfigCoordinator coordinator;
    private volatile boolean installed;

    public ReloadSignal(ConfigCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    public boolean installed() {
        return installed;
    }

    /** Installs the handler; returns whether it could. */
    public synchronized boolean install() {
        if (installed) {
            return true;
        }
        try {
            sun.misc.Signal hup = new sun.misc.Signal("HUP");
            sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
            previous[0] = sun.misc.Signal.handle(hup, sig -> {
                reload();
                sun.misc.SignalHandler p = previous[0];
                if (chainable(p)) {
                    p.handle(sig);
                }
            });
            installed = true;
            return true;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException | LinkageError e) {
            LOG.info("Reloading on SIGHUP is not available here: {}", e.toString());
            return false;
        }
    }

    /**
     * Whether a handler installed before ours is another service's, to be called too. The JVM's
     * own SIGHUP handler (which shuts the JVM down) and the default or ignore dispositions are not.
     */
    static boolean chainable(sun.misc.SignalHandler h) {
        if (h == null || h == sun.misc.SignalHandler.SIG_DFL || h == sun.misc.SignalHandler.SIG_IGN) {
            return false;
        }
        String name = h.getClass().getName();
        return !name.startsWith("sun.misc.") && !name.startsWith("jdk.internal.") && !name.startsWith("java.");
    }

    /** What the handler does: reload, logging the outcome (the running config stays on error). */
    void reload() {
        try {
            coordinator.reload();
            LOG.info("Reloaded configuration on SIGHUP from {}", coordinator.location());
        } catch (ConfigException e) {
            LOG.error("Loading configuration file failed on SIGHUP: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Reloading configuration on SIGHUP failed", e);
        }
    }
}
