package dev.berth.elb;

import dev.berth.aws.protocol.JsonOperation;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecs.service.TargetGroupCheck;
import dev.berth.lb.config.DataPlaneConfig;
import dev.berth.lb.config.DataPlaneListener;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ELBv2 control plane over one store: the operations of the query-protocol front door, the
 * controllers (the data plane's configuration, the ECS link), and the check ECS makes of the
 * target groups a service names.
 */
public final class ElbApi implements AutoCloseable {
    private final Store store;
    private final IdGenerator ids;
    private final LoadBalancerOperations loadBalancers;
    private final ListenerOperations listeners;
    private final TargetGroupOperations targetGroups;
    private final TargetOperations targets;
    private final LoadBalancing loadBalancing;

    /** @param dataPlane where the configuration goes, e.g. {@code DataPlane::apply} */
    public ElbApi(Store store, IdGenerator ids, ElbSettings settings, Consumer<DataPlaneConfig> dataPlane) {
        this.store = store;
        this.ids = ids;
        this.loadBalancers = new LoadBalancerOperations(store, ids, settings);
        this.listeners = new ListenerOperations(store, ids, settings);
        this.targetGroups = new TargetGroupOperations(store, ids);
        this.targets = new TargetOperations(store);
        this.loadBalancing = new LoadBalancing(store, settings, dataPlane);
    }

    /** What the data plane reports to: target health and drained targets, recorded in the store. */
    public DataPlaneListener dataPlaneListener() {
        return loadBalancing;
    }

    public List<Controller> controllers() {
        return List.of(loadBalancing, new ServiceTargets(store, ids));
    }

    /** ECS's check of a service's target group: it exists and a load balancer forwards to it. */
    public TargetGroupCheck targetGroupCheck() {
        return (arn, field) -> {
            ElbResources resources = ElbResources.of(store);
            Record group;
            try {
                group = resources.targetGroup(arn);
            } catch (ApiException notFound) {
                throw EcsErrors.invalidParameter(field + ": the target group " + arn + " does not exist.");
            }
            String stored = Json.body(group).path("TargetGroupArn").asText();
            if (!resources.loadBalancersByTargetGroup().containsKey(stored)) {
                throw EcsErrors.invalidParameter("The target group with targetGroupArn " + arn
                        + " does not have an associated load balancer.");
            }
        };
    }

    /** The operations by the model's names. */
    public Map<String, JsonOperation> operations() {
        Map<String, JsonOperation> operations = new LinkedHashMap<>();
        operations.put("CreateLoadBalancer", loadBalancers::createLoadBalancer);
        operations.put("DescribeLoadBalancers", loadBalancers::describeLoadBalancers);
        operations.put("DeleteLoadBalancer", loadBalancers::deleteLoadBalancer);
        operations.put("CreateListener", listeners::createListener);
        operations.put("DescribeListeners", listeners::describeListeners);
        operations.put("ModifyListener", listeners::modifyListener);
        operations.put("DeleteListener", listeners::deleteListener);
        operations.put("CreateRule", listeners::createRule);
        operations.put("DescribeRules", listeners::describeRules);
        operations.put("ModifyRule", listeners::modifyRule);
        operations.put("DeleteRule", listeners::deleteRule);
        operations.put("SetRulePriorities", listeners::setRulePriorities);
        operations.put("CreateTargetGroup", targetGroups::createTargetGroup);
        operations.put("DescribeTargetGroups", targetGroups::describeTargetGroups);
        operations.put("ModifyTargetGroup", targetGroups::modifyTargetGroup);
        operations.put("DeleteTargetGroup", targetGroups::deleteTargetGroup);
        operations.put("DescribeTargetGroupAttributes", targetGroups::describeTargetGroupAttributes);
        operations.put("ModifyTargetGroupAttributes", targetGroups::modifyTargetGroupAttributes);
        operations.put("RegisterTargets", targets::registerTargets);
        operations.put("DeregisterTargets", targets::deregisterTargets);
        operations.put("DescribeTargetHealth", targets::describeTargetHealth);
        return operations;
    }

    @Override
    public void close() {
        loadBalancing.close();
    }
}
