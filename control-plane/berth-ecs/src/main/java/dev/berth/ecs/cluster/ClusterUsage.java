package dev.berth.ecs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a cluster holds, counted from the store: the counts DescribeClusters reports and what
 * DeleteCluster must refuse to delete. Reads a cluster's records by their id prefix.
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

    public static ClusterUsage of(Store store, String clusterName) {
        return new ClusterUsage(
                count(store, EcsKinds.CONTAINER_INSTANCE, clusterName, status("status", "ACTIVE", "DRAINING")),
                count(store, EcsKinds.TASK, clusterName, status("lastStatus", "RUNNING")),
                count(store, EcsKinds.TASK, clusterName,
                        body -> !List.of("RUNNING", "STOPPED", "DELETED").contains(body.path("lastStatus").asText())),
                count(store, EcsKinds.SERVICE, clusterName, status("status", "ACTIVE")),
                count(store, EcsKinds.SERVICE, clusterName, status("status", "DRAINING")));
    }

    private static Predicate<JsonNode> status(String field, String... values) {
        List<String> accepted = List.of(values);
        return body -> accepted.contains(body.path(field).asText());
    }

    private static int count(Store store, String kind, String clusterName, Predicate<JsonNode> matches) {
        ListQuery query = ListQuery.prefix(kind, clusterName + "/", PAGE);
        int count = 0;
        while (true) {
            List<Record> page = store.list(query);
            for (Record record : page) {
                count += matches.test(Json.body(record)) ? 1 : 0;
            }
            if (page.size() < PAGE) {
                return count;
            }
            query = query.after(page.get(page.size() - 1).id());
        }
    }
}
