package io.pharos.alertmanager.storage;

/** The alertmanager's state database could not be opened, read or written; the message names its path. */
public final class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
