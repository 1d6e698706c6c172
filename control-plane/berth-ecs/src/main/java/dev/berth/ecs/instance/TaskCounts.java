package dev.berth.ecs.instance;

import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.Json;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.List;

/**
 * How many tasks an instance runs, read through the tasks' secondary key (their instance).
 *
 * @param running tasks whose lastStatus is RUNNING
 * @param pending tasks on their way to RUNNING
 * @param active every task not yet STOPPED
 */
public record TaskCounts(int running, int pending, int active) {
    private static final int PAGE = 500;

    public static TaskCounts of(Store store, String cluster, String instanceId) {
        int running = 0;
        int pending = 0;
        int active = 0;
        ListQuery query = ListQuery.all(EcsKinds.TASK, PAGE).withIndexKey(InstanceRecord.id(cluster, instanceId));
        while (true) {
            List<Record> page = store.list(query);
            for (Record record : page) {
                String lastStatus = Json.body(record).path("lastStatus").asText();
                running += lastStatus.equals("RUNNING") ? 1 : 0;
                pending += List.of("PROVISIONING", "PENDING", "ACTIVATING").contains(lastStatus) ? 1 : 0;
                active += lastStatus.equals("STOPPED") ? 0 : 1;
            }
            if (page.size() < PAGE) {
                return new TaskCounts(running, pending, active);
            }
            query = query.after(page.get(page.size() - 1).id());
        }
    }
}
