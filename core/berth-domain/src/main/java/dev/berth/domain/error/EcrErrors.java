package dev.berth.domain.error;

/** ECR error types with the statuses of the ECR Smithy model: every client error is 400. */
public final class EcrErrors {
    public static final ErrorCode INVALID_PARAMETER = new ErrorCode("InvalidParameterException", 400);
    public static final ErrorCode VALIDATION = new ErrorCode("ValidationException", 400);
    public static final ErrorCode INVALID_TAG_PARAMETER = new ErrorCode("InvalidTagParameterException", 400);
    public static final ErrorCode TOO_MANY_TAGS = new ErrorCode("TooManyTagsException", 400);
    public static final ErrorCode LIMIT_EXCEEDED = new ErrorCode("LimitExceededException", 400);
    public static final ErrorCode REPOSITORY_NOT_FOUND = new ErrorCode("RepositoryNotFoundException", 400);
    public static final ErrorCode REPOSITORY_ALREADY_EXISTS = new ErrorCode("RepositoryAlreadyExistsException", 400);
    public static final ErrorCode REPOSITORY_NOT_EMPTY = new ErrorCode("RepositoryNotEmptyException", 400);
    public static final ErrorCode IMAGE_NOT_FOUND = new ErrorCode("ImageNotFoundException", 400);
    public static final ErrorCode IMAGE_ALREADY_EXISTS = new ErrorCode("ImageAlreadyExistsException", 400);
    public static final ErrorCode IMAGE_TAG_ALREADY_EXISTS = new ErrorCode("ImageTagAlreadyExistsException", 400);
    public static final ErrorCode IMAGE_DIGEST_DOES_NOT_MATCH = new ErrorCode("ImageDigestDoesNotMatchException", 400);
    public static final ErrorCode LAYERS_NOT_FOUND = new ErrorCode("LayersNotFoundException", 400);
    public static final ErrorCode REFERENCED_IMAGES_NOT_FOUND = new ErrorCode("ReferencedImagesNotFoundException", 400);
    public static final ErrorCode LIFECYCLE_POLICY_NOT_FOUND = new ErrorCode("LifecyclePolicyNotFoundException", 400);
    public static final ErrorCode LIFECYCLE_POLICY_PREVIEW_NOT_FOUND =
            new ErrorCode("LifecyclePolicyPreviewNotFoundException", 400);
    public static final ErrorCode LIFECYCLE_POLICY_PREVIEW_IN_PROGRESS =
            new ErrorCode("LifecyclePolicyPreviewInProgressException", 400);
    public static final ErrorCode SERVER = new ErrorCode("ServerException", 500);

    private EcrErrors() {
    }

    public static ApiException invalidParameter(String message) {
        return new ApiException(INVALID_PARAMETER, message);
    }

    public static ApiException repositoryNotFound(String name, String registryId) {
        return new ApiException(REPOSITORY_NOT_FOUND, "The repository with name '" + name
                + "' does not exist in the registry with id '" + registryId + "'");
    }
}
