package io.pharos.alertmanager.config;

/** An alertmanager.yml that cannot be used; the message names the offending field. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
