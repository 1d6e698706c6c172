package dev.berth.ecs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.ListQuery;
import dev.berth.store.Store;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a cluster holds, counted from the store: the counts DescribeClusters reports and what
 * DeleteCluster must refuse to delete. Reads each kind of the cluster's records once, by their
 * id prefix.
 *
 * @param instances container instances ACTIVE or DRAINING
 * @param runningTasks tasks whose lastStatus is RUNNING
 * @param pendingTasks tasks not yet RUNNING nor STOPPED
 * @param activeServices services ACTIVE
 * @param drainingServices services DRAINING
 */
public record ClusterUsage(int instances, int runningTasks, int pendingTasks, int activeServices,
                           int drainingServices) {
    private static final int PAGE = 500;
    private static final List<String> NOT_PENDING = List.of("RUNNING", "STOPPED", "DELETED");

    public static ClusterUsage of(Store store, String clusterName) {
        int[] counts = new int[5];
        forEach(store, EcsKinds.CONTAINER_INSTANCE, clusterName, body -> {
            String status = body.path("status").asText();
            counts[0] += status.equals("ACTIVE") || status.equals("DRAINING") ? 1 : 0;
        });
        forEach(store, EcsKinds.TASK, clusterName, body -> {
            String lastStatus = body.path("lastStatus").asText();
            counts[1] += lastStatus.equals("RUNNING") ? 1 : 0;
            counts[2] += NOT_PENDING.contains(lastStatus) ? 0 : 1;
        });
        forEach(store, EcsKinds.SERVICE, clusterName, body -> {
            String status = body.path("status").asText();
            counts[3] += status.equals("ACTIVE") ? 1 : 0;
            counts[4] += status.equals("DRAINING") ? 1 : 0;
        });
        return new ClusterUsage(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private static void forEach(Store store, String kind, String clusterName, Consumer<JsonNode> body) {
        ListQuery.prefix(kind, clusterName + "/", PAGE).scan(store::list, record -> body.accept(Json.body(record)));
    }
}
