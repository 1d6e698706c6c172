package dev.berth.ecs.common;

/**
 * The record kinds ECS resources are stored as, and how their ids are formed. Ids that belong
 * to a cluster start with {@code clusterName/}, so one prefix scan finds a cluster's resources.
 */
public final class EcsKinds {
    /** id: cluster name. */
    public static final String CLUSTER = "ecs.cluster";
    /** id: {@code family#revision}, the revision zero-padded to 10 digits so ids sort by revision. */
    public static final String TASK_DEFINITION = "ecs.task-definition";
    /** id: family; holds the revision counter. */
    public static final String TASK_DEFINITION_FAMILY = "ecs.task-definition-family";
    /** id: {@code cluster/serviceName}. */
    public static final String SERVICE = "ecs.service";
    /** id: {@code cluster/containerInstanceId}. */
    public static final String CONTAINER_INSTANCE = "ecs.container-instance";
    /** id: {@code cluster/taskId}; secondary key {@code cluster/containerInstanceId}. */
    public static final String TASK = "ecs.task";
    /** id: {@code cluster/clientToken}; the tasks one RunTask created, so a retry returns them. */
    public static final String RUN_TASK_TOKEN = "ecs.run-task-token";

    private EcsKinds() {
    }

    public static String taskDefinitionId(String family, long revision) {
        return family + "#" + String.format("%010d", revision);
    }

    /** The family of a task definition id. */
    public static String familyOf(String taskDefinitionId) {
        return taskDefinitionId.substring(0, taskDefinitionId.lastIndexOf('#'));
    }

    /** The revision of a task definition id. */
    public static long revisionOf(String taskDefinitionId) {
        return Long.parseLong(taskDefinitionId.substring(taskDefinitionId.lastIndexOf('#') + 1));
    }

    /** The prefix of every revision id of a family. '#' sorts below every character a family may contain. */
    public static String familyPrefix(String family) {
        return family + "#";
    }

    public static String inCluster(String clusterName, String name) {
        return clusterName + "/" + name;
    }
}
