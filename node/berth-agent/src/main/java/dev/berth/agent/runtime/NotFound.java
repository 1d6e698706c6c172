package dev.berth.agent.runtime;

/** The container, image or volume does not exist (any more). */
public final class NotFound extends RuntimeFailure {
    private static final long serialVersionUID = 1L;

    public NotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
