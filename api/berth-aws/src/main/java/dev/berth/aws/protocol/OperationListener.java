package dev.berth.aws.protocol;

/** Told of every finished request, for metrics; must be fast and must not throw. */
@FunctionalInterface
public interface OperationListener {
    OperationListener NONE = (service, operation, status, nanos) -> { };

    /**
     * @param service the target prefix, or "unknown"
     * @param operation the operation name, or "unknown"
     * @param status the HTTP status answered
     * @param nanos the time spent from dispatch to the encoded answer
     */
    void completed(String service, String operation, int status, long nanos);
}
