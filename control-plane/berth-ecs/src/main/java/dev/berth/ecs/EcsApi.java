package dev.berth.ecs;

import dev.berth.aws.model.ServiceModel;
import dev.berth.aws.model.ValidationErrors;
import dev.berth.aws.protocol.JsonService;
import dev.berth.domain.error.EcsErrors;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.tagging.TaggingOperations;
import dev.berth.ecs.taskdefinition.TaskDefinitionOperations;
import dev.berth.store.Store;

/**
 * The ECS front door ({@code AmazonEC2ContainerServiceV20141113}): wires each operation Berth
 * implements to its handler. Operations of the model not listed here answer that Berth does not
 * implement them yet.
 */
public final class EcsApi {
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final TaggingOperations tagging;

    public EcsApi(Store store) {
        this.clusters = new ClusterOperations(store);
        this.taskDefinitions = new TaskDefinitionOperations(store);
        this.tagging = new TaggingOperations(clusters, taskDefinitions);
    }

    /** Work that must be done once the store is open: the {@code default} cluster exists from the first start. */
    public void start() {
        clusters.ensureDefaultCluster();
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
                .build();
    }
}
