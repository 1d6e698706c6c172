package dev.berth.agent.runtime;

/** The engine could not do what was asked; the message is the engine's own words. */
public class RuntimeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public RuntimeFailure(String message) {
        super(message);
    }
}
