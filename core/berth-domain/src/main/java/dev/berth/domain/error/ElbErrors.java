package dev.berth.domain.error;

/**
 * Elastic Load Balancing (v2) error codes as the query protocol puts them on the wire, with the
 * statuses of the botocore elbv2 model. The wire code is the error shape's {@code error.code},
 * not its shape name ({@code LoadBalancerNotFoundException} travels as {@code LoadBalancerNotFound}).
 */
public final class ElbErrors {
    /** ELB's answer to any parameter it does not accept: it has no separate wrong-type error. */
    public static final ErrorCode VALIDATION = new ErrorCode("ValidationError", 400);
    /**
     * Unmodeled: real ELB answers {@code ValidationError: A rule can only have '5' condition values}
     * when a rule's conditions hold too many values.
     */
    public static final ErrorCode TOO_MANY_CONDITION_VALUES = VALIDATION;

    public static final ErrorCode ALPN_POLICY_NOT_FOUND = new ErrorCode("ALPNPolicyNotFound", 400);
    public static final ErrorCode ALLOCATION_ID_NOT_FOUND = new ErrorCode("AllocationIdNotFound", 400);
    public static final ErrorCode AVAILABILITY_ZONE_NOT_SUPPORTED = new ErrorCode("AvailabilityZoneNotSupported", 400);
    public static final ErrorCode CERTIFICATE_NOT_FOUND = new ErrorCode("CertificateNotFound", 400);
    public static final ErrorCode DUPLICATE_LISTENER = new ErrorCode("DuplicateListener", 400);
    public static final ErrorCode DUPLICATE_LOAD_BALANCER_NAME = new ErrorCode("DuplicateLoadBalancerName", 400);
    public static final ErrorCode DUPLICATE_TAG_KEYS = new ErrorCode("DuplicateTagKeys", 400);
    public static final ErrorCode DUPLICATE_TARGET_GROUP_NAME = new ErrorCode("DuplicateTargetGroupName", 400);
    /** The one modeled server-side fault; the CLI retries it. */
    public static final ErrorCode HEALTH_UNAVAILABLE = new ErrorCode("HealthUnavailable", 500);
    public static final ErrorCode INCOMPATIBLE_PROTOCOLS = new ErrorCode("IncompatibleProtocols", 400);
    public static final ErrorCode INVALID_CONFIGURATION_REQUEST = new ErrorCode("InvalidConfigurationRequest", 400);
    public static final ErrorCode INVALID_LOAD_BALANCER_ACTION = new ErrorCode("InvalidLoadBalancerAction", 400);
    public static final ErrorCode INVALID_SCHEME = new ErrorCode("InvalidScheme", 400);
    public static final ErrorCode INVALID_SECURITY_GROUP = new ErrorCode("InvalidSecurityGroup", 400);
    public static final ErrorCode INVALID_SUBNET = new ErrorCode("InvalidSubnet", 400);
    public static final ErrorCode INVALID_TARGET = new ErrorCode("InvalidTarget", 400);
    public static final ErrorCode LISTENER_NOT_FOUND = new ErrorCode("ListenerNotFound", 400);
    public static final ErrorCode LOAD_BALANCER_NOT_FOUND = new ErrorCode("LoadBalancerNotFound", 400);
    public static final ErrorCode OPERATION_NOT_PERMITTED = new ErrorCode("OperationNotPermitted", 400);
    public static final ErrorCode PRIORITY_IN_USE = new ErrorCode("PriorityInUse", 400);
    public static final ErrorCode RESOURCE_IN_USE = new ErrorCode("ResourceInUse", 400);
    public static final ErrorCode RULE_NOT_FOUND = new ErrorCode("RuleNotFound", 400);
    public static final ErrorCode SSL_POLICY_NOT_FOUND = new ErrorCode("SSLPolicyNotFound", 400);
    public static final ErrorCode SUBNET_NOT_FOUND = new ErrorCode("SubnetNotFound", 400);
    public static final ErrorCode TARGET_GROUP_ASSOCIATION_LIMIT = new ErrorCode("TargetGroupAssociationLimit", 400);
    public static final ErrorCode TARGET_GROUP_NOT_FOUND = new ErrorCode("TargetGroupNotFound", 400);
    public static final ErrorCode TOO_MANY_ACTIONS = new ErrorCode("TooManyActions", 400);
    public static final ErrorCode TOO_MANY_CERTIFICATES = new ErrorCode("TooManyCertificates", 400);
    public static final ErrorCode TOO_MANY_LISTENERS = new ErrorCode("TooManyListeners", 400);
    public static final ErrorCode TOO_MANY_LOAD_BALANCERS = new ErrorCode("TooManyLoadBalancers", 400);
    public static final ErrorCode TOO_MANY_REGISTRATIONS_FOR_TARGET_ID =
            new ErrorCode("TooManyRegistrationsForTargetId", 400);
    public static final ErrorCode TOO_MANY_RULES = new ErrorCode("TooManyRules", 400);
    public static final ErrorCode TOO_MANY_TAGS = new ErrorCode("TooManyTags", 400);
    public static final ErrorCode TOO_MANY_TARGET_GROUPS = new ErrorCode("TooManyTargetGroups", 400);
    public static final ErrorCode TOO_MANY_TARGETS = new ErrorCode("TooManyTargets", 400);
    public static final ErrorCode TOO_MANY_UNIQUE_TARGET_GROUPS_PER_LOAD_BALANCER =
            new ErrorCode("TooManyUniqueTargetGroupsPerLoadBalancer", 400);
    public static final ErrorCode UNSUPPORTED_PROTOCOL = new ErrorCode("UnsupportedProtocol", 400);

    private ElbErrors() {
    }
}
