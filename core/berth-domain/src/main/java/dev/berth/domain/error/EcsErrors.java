package dev.berth.domain.error;

/** ECS error types with the statuses of the ECS Smithy model (all client errors are 400). */
public final class EcsErrors {
    public static final ErrorCode CLIENT = new ErrorCode("ClientException", 400);
    public static final ErrorCode INVALID_PARAMETER = new ErrorCode("InvalidParameterException", 400);
    public static final ErrorCode CLUSTER_NOT_FOUND = new ErrorCode("ClusterNotFoundException", 400);
    public static final ErrorCode CLUSTER_CONTAINS_SERVICES = new ErrorCode("ClusterContainsServicesException", 400);
    public static final ErrorCode CLUSTER_CONTAINS_INSTANCES =
            new ErrorCode("ClusterContainsContainerInstancesException", 400);
    public static final ErrorCode CLUSTER_CONTAINS_TASKS = new ErrorCode("ClusterContainsTasksException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = new ErrorCode("LimitExceededException", 400);
    public static final ErrorCode RESOURCE_NOT_FOUND = new ErrorCode("ResourceNotFoundException", 400);
    public static final ErrorCode ATTRIBUTE_LIMIT_EXCEEDED = new ErrorCode("AttributeLimitExceededException", 400);
    public static final ErrorCode TARGET_NOT_FOUND = new ErrorCode("TargetNotFoundException", 400);
    public static final ErrorCode SERVICE_NOT_FOUND = new ErrorCode("ServiceNotFoundException", 400);
    public static final ErrorCode SERVICE_NOT_ACTIVE = new ErrorCode("ServiceNotActiveException", 400);
    public static final ErrorCode SERVER = new ErrorCode("ServerException", 500);

    private EcsErrors() {
    }

    public static ApiException client(String message) {
        return new ApiException(CLIENT, message);
    }

    public static ApiException invalidParameter(String message) {
        return new ApiException(INVALID_PARAMETER, message);
    }
}
