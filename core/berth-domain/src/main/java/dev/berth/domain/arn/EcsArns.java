package dev.berth.domain.arn;

/**
 * ECS ARNs in the long format ECS writes today, for one caller's region and account.
 *
 * @param region the caller's region
 * @param account the account id Berth answers as
 */
public record EcsArns(String region, String account) {
    public String cluster(String clusterName) {
        return arn("cluster/" + clusterName);
    }

    public String taskDefinition(String family, long revision) {
        return arn("task-definition/" + family + ":" + revision);
    }

    public String containerInstance(String clusterName, String instanceId) {
        return arn("container-instance/" + clusterName + "/" + instanceId);
    }

    public String service(String clusterName, String serviceName) {
        return arn("service/" + clusterName + "/" + serviceName);
    }

    public String task(String clusterName, String taskId) {
        return arn("task/" + clusterName + "/" + taskId);
    }

    public String container(String clusterName, String taskId, String containerId) {
        return arn("container/" + clusterName + "/" + taskId + "/" + containerId);
    }

    public String registeredBy() {
        return "arn:aws:iam::" + account + ":root";
    }

    private String arn(String resource) {
        return new Arn("aws", "ecs", region, account, resource).toString();
    }
}
