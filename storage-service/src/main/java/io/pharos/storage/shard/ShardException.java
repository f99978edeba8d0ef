package io.pharos.storage.shard;

/** A shard that cannot open, write or read; the message names the shard. */
public final class ShardException extends RuntimeException {
    public ShardException(String message, Throwable cause) {
        super(message, cause);
    }
}
