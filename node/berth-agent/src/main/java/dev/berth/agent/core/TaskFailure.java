package dev.berth.agent.core;

/** A task cannot go on: it stops with this stopCode and reason (and, if known, the container to blame). */
final class TaskFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String stopCode;
    private final String container;

    TaskFailure(String stopCode, String reason, String container) {
        super(reason, null, false, false);
        this.stopCode = stopCode;
        this.container = container;
    }

    String stopCode() {
        return stopCode;
    }

    /** The ECS name of the container the reason belongs to, or null. */
    String container() {
        return container;
    }
}
