package dev.berth.ecs.service;

import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.instance.InstanceRecord;
import dev.berth.ecs.service.rollout.TaskView;
import dev.berth.ecs.task.TaskRecord;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.StoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service controller's read side: every ACTIVE or DRAINING service, the tasks they remember
 * (as the scheduler sees them) and every cluster's container instances, kept current by following
 * the store's change index instead of reading them all again on every pass. Loaded once; after
 * that a pass reads only what changed since the last one, in commit order, so the cache equals
 * the store as of the index it has reached. It only decides which services need a look: the
 * service controller re-reads everything inside the transaction that acts. Not thread-safe; one
 * controller owns it.
 */
final class ServiceCache {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCache.class);
    private static final int PAGE = 1_000;

    private final Store store;
    /** -1 until loaded. */
    private long index = -1;
    private final Map<String, ServiceRecord> services = new TreeMap<>();
    /** By task record id: the tasks some cached service remembers. */
    private final Map<String, TaskView> tasks = new HashMap<>();
    /** By cluster, then instance record id. */
    private final Map<String, Map<String, InstanceRecord>> instances = new HashMap<>();

    ServiceCache(Store store) {
        this.store = store;
    }

    /** Catches up with the store: everything committed before this call is reflected after it. */
    void refresh() {
        if (index < 0) {
            load();
        }
        while (true) {
            // Whole transactions per page (the store's contract), so resuming after the last index skips nothing.
            List<Record> changes = store.changesSince(index, PAGE);
            for (Record change : changes) {
                apply(change);
            }
            if (!changes.isEmpty()) {
                index = changes.get(changes.size() - 1).changeIndex();
            }
            if (changes.size() < PAGE) {
                return;
            }
        }
    }

    /**
     * Reads the services, their tasks and the instances as they are. The reads are not one
     * snapshot, so the changes since the index read first are replayed over them afterwards: every
     * record then ends at its newest version.
     */
    private void load() {
        long from = store.currentIndex();
        try {
            ListQuery.all(EcsKinds.SERVICE, PAGE).scan(store::list, this::apply);
            ListQuery.all(EcsKinds.CONTAINER_INSTANCE, PAGE).scan(store::list, this::apply);
        } catch (RuntimeException e) {
            // Half a load must not pass for a whole one: the next pass starts again.
            services.clear();
            tasks.clear();
            instances.clear();
            throw e;
        }
        index = from;
    }

    private void apply(Record record) {
        try {
            switch (record.kind()) {
                case EcsKinds.SERVICE -> applyService(record);
                case EcsKinds.TASK -> applyTask(record);
                case EcsKinds.CONTAINER_INSTANCE -> applyInstance(record);
                default -> {
                    // other kinds do not change what a service needs
                }
            }
        } catch (StoreException e) {
            throw e; // the store is unwell: the pass fails and the next one retries from the same index
        } catch (RuntimeException e) {
            // One record the cache cannot read must not stop the scheduling of every service.
            LOG.warn("{} {}: unreadable, left out of the service scheduler's view", record.kind(), record.id(), e);
        }
    }

    private void applyService(Record record) {
        ServiceRecord before = services.remove(record.id());
        Set<String> forgotten = new HashSet<>(before == null ? List.of() : taskRecordIds(before));
        if (!record.deleted()) {
            ServiceRecord service = new ServiceRecord(record);
            if (!service.status().equals("INACTIVE")) {
                services.put(record.id(), service);
                for (String taskRecordId : taskRecordIds(service)) {
                    forgotten.remove(taskRecordId);
                    if (!tasks.containsKey(taskRecordId)) {
                        // A task the service took on: read it once; later changes arrive as changes.
                        tasks.put(taskRecordId, store.get(EcsKinds.TASK, taskRecordId)
                                .filter(task -> !task.deleted())
                                .map(task -> ServiceViews.task(new TaskRecord(task)))
                                .orElseGet(() -> ServiceViews.gone(taskIdOf(taskRecordId))));
                    }
                }
            }
        }
        forgotten.forEach(tasks::remove);
    }

    private void applyTask(Record record) {
        if (!tasks.containsKey(record.id())) {
            return; // not (yet) a task a service remembers; the service's own change will read it
        }
        tasks.put(record.id(), record.deleted() ? ServiceViews.gone(taskIdOf(record.id()))
                : ServiceViews.task(new TaskRecord(record)));
    }

    private void applyInstance(Record record) {
        String cluster = record.id().substring(0, record.id().indexOf('/'));
        if (record.deleted()) {
            Map<String, InstanceRecord> ofCluster = instances.getOrDefault(cluster, Map.of());
            if (ofCluster.remove(record.id()) != null && ofCluster.isEmpty()) {
                instances.remove(cluster);
            }
        } else {
            instances.computeIfAbsent(cluster, c -> new TreeMap<>()).put(record.id(), new InstanceRecord(record));
        }
    }

    Collection<ServiceRecord> services() {
        return List.copyOf(services.values());
    }

    List<TaskView> tasks(ServiceRecord service) {
        List<TaskView> views = new ArrayList<>();
        for (String taskRecordId : taskRecordIds(service)) {
            views.add(tasks.getOrDefault(taskRecordId, ServiceViews.gone(taskIdOf(taskRecordId))));
        }
        return views;
    }

    List<InstanceRecord> instances(String cluster) {
        return List.copyOf(instances.getOrDefault(cluster, Map.of()).values());
    }

    private static List<String> taskRecordIds(ServiceRecord service) {
        return service.taskIds().stream().map(taskId -> TaskRecord.id(service.cluster(), taskId)).toList();
    }

    private static String taskIdOf(String taskRecordId) {
        return taskRecordId.substring(taskRecordId.indexOf('/') + 1);
    }
}
