package dev.berth.ecs;

import dev.berth.aws.model.ServiceModel;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.JsonService;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.id.IdGenerator;
import dev.berth.ecs.agent.AgentApi;
import dev.berth.ecs.agent.AgentHttp;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecs.controller.InstanceLiveness;
import dev.berth.ecs.controller.TaskRetention;
import dev.berth.ecs.instance.AttributeOperations;
import dev.berth.ecs.instance.ContainerInstanceOperations;
import dev.berth.ecs.instance.InstanceRegistry;
import dev.berth.ecs.service.ServiceController;
import dev.berth.ecs.service.ServiceOperations;
import dev.berth.ecs.service.TargetGroupCheck;
import dev.berth.ecs.tagging.TaggingOperations;
import dev.berth.ecs.task.TaskOperations;
import dev.berth.ecs.task.TaskStopper;
import dev.berth.ecs.taskdefinition.TaskDefinitionOperations;
import dev.berth.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The ECS control plane: the API front door ({@code AmazonEC2ContainerServiceV20141113}), the
 * agent endpoint and the controllers, over one store. Operations of the model not wired here
 * answer that Berth does not implement them yet.
 */
public final class EcsApi {
    private final Store store;
    private final EcsSettings settings;
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaggingOperations tagging;
    private final TaskStopper stopper;
    private final ContainerInstanceOperations instances;
    private final AttributeOperations attributes;
    private final TaskOperations tasks;
    private final ServiceOperations services;
    private final AgentApi agents;
    private final IdGenerator ids;
    private final RandomGenerator random;

    public EcsApi(Store store, Clock clock, IdGenerator ids, RandomGenerator random, EcsSettings settings) {
        this(store, clock, ids, random, settings, TargetGroupCheck.NONE);
    }

    /** @param targetGroups checks the target groups services name (the ELB front door's) */
    public EcsApi(Store store, Clock clock, IdGenerator ids, RandomGenerator random, EcsSettings settings,
                  TargetGroupCheck targetGroups) {
        this.store = store;
        this.settings = settings;
        this.clusters = new ClusterOperations(store);
        this.taskDefinitions = new TaskDefinitionOperations(store);
        this.services = new ServiceOperations(store, clusters, taskDefinitions, random, targetGroups);
        this.tagging = new TaggingOperations(clusters, taskDefinitions, services);
        this.ids = ids;
        this.random = random;
        this.stopper = new TaskStopper(store);
        InstanceRegistry registry = new InstanceRegistry(store, clusters, ids);
        this.instances = new ContainerInstanceOperations(store, clusters, registry, stopper);
        this.attributes = new AttributeOperations(store, clusters, instances);
        this.tasks = new TaskOperations(store, clusters, taskDefinitions, stopper, ids, random);
        this.agents = new AgentApi(store, registry, clock, settings.heartbeat());
    }

    /** Work that must be done once the store is open: the {@code default} cluster exists from the first start. */
    public void start() {
        clusters.ensureDefaultCluster();
    }

    public AgentHttp agentHttp() {
        return new AgentHttp(agents);
    }

    /** The agent protocol without HTTP, for an agent in this process. */
    public AgentApi agents() {
        return agents;
    }

    public List<Controller> controllers() {
        return List.of(new InstanceLiveness(store, stopper, settings.agentTimeout(), settings.agentGrace()),
                new TaskRetention(store, settings.taskRetention()),
                new ServiceController(store, taskDefinitions, ids, random));
    }

    public JsonService service() {
        return JsonService.builder(ServiceModel.load("ecs"),
                        new ValidationErrors(EcsErrors.CLIENT, EcsErrors.INVALID_PARAMETER))
                .operation("CreateCluster", clusters::createCluster)
                .operation("DescribeClusters", clusters::describeClusters)
                .operation("ListClusters", clusters::listClusters)
                .operation("UpdateCluster", clusters::updateCluster)
                .operation("UpdateClusterSettings", clusters::updateClusterSettings)
                .operation("DeleteCluster", clusters::deleteCluster)
                .operation("RegisterTaskDefinition", taskDefinitions::register)
                .operation("DescribeTaskDefinition", taskDefinitions::describe)
                .operation("ListTaskDefinitions", taskDefinitions::list)
                .operation("ListTaskDefinitionFamilies", taskDefinitions::listFamilies)
                .operation("DeregisterTaskDefinition", taskDefinitions::deregister)
                .operation("DeleteTaskDefinitions", taskDefinitions::delete)
                .operation("TagResource", tagging::tagResource)
                .operation("UntagResource", tagging::untagResource)
                .operation("ListTagsForResource", tagging::listTagsForResource)
                .operation("RegisterContainerInstance", instances::register)
                .operation("DeregisterContainerInstance", instances::deregister)
                .operation("DescribeContainerInstances", instances::describe)
                .operation("ListContainerInstances", instances::list)
                .operation("UpdateContainerInstancesState", instances::updateState)
                .operation("PutAttributes", attributes::put)
                .operation("ListAttributes", attributes::list)
                .operation("DeleteAttributes", attributes::delete)
                .operation("RunTask", tasks::runTask)
                .operation("StartTask", tasks::startTask)
                .operation("StopTask", tasks::stopTask)
                .operation("DescribeTasks", tasks::describeTasks)
                .operation("ListTasks", tasks::listTasks)
                .operation("CreateService", services::createService)
                .operation("UpdateService", services::updateService)
                .operation("DescribeServices", services::describeServices)
                .operation("ListServices", services::listServices)
                .operation("DeleteService", services::deleteService)
                .build();
    }
}
