package dev.berth.ecs.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.service.ServiceOperations;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.taskdefinition.TaskDefinitionOperations;
import dev.berth.ecs.taskdefinition.TaskDefinitionReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * TagResource, UntagResource and ListTagsForResource: find the resource an ARN names, then read
 * or replace its tags. Each resource kind keeps its tags in its own record.
 */
public final class TaggingOperations {
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final ServiceOperations services;

    public TaggingOperations(ClusterOperations clusters, TaskDefinitionOperations taskDefinitions, ServiceOperations services) {
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.services = services;
    }

    public JsonNode tagResource(RequestContext context, ObjectNode input) {
        Tags added = Tags.parse(input.get("tags"), FieldPath.of("tags"));
        change(input, current -> current.with(added));
        return null;
    }

    public JsonNode untagResource(RequestContext context, ObjectNode input) {
        List<String> keys = new ArrayList<>();
        input.path("tagKeys").forEach(key -> keys.add(key.asText()));
        Tags.validateKeys(keys, FieldPath.of("tagKeys"));
        change(input, current -> current.without(keys));
        return null;
    }

    public JsonNode listTagsForResource(RequestContext context, ObjectNode input) {
        ObjectNode output = Json.object();
        output.set("tags", resource(Json.string(input, "resourceArn")).read().get().toJson());
        return output;
    }

    private void change(ObjectNode input, Function<Tags, Tags> change) {
        Resource resource = resource(Json.string(input, "resourceArn"));
        resource.write().accept(change.apply(resource.read().get()));
    }

    private record Resource(Supplier<Tags> read, Consumer<Tags> write) {
    }

    private Resource resource(String resourceArn) {
        Arn arn = Arn.parse(resourceArn).filter(parsed -> parsed.service().equals("ecs")).orElseThrow(() ->
                EcsErrors.invalidParameter("resourceArn '" + resourceArn + "' is not an ECS resource ARN."));
        String path = arn.resourcePath();
        return switch (arn.resourceType()) {
            case "cluster" -> new Resource(() -> clusters.tags(path), tags -> clusters.setTags(path, tags));
            case "task-definition" -> {
                TaskDefinitionReference reference = TaskDefinitionReference.parse("resourceArn", resourceArn);
                yield new Resource(() -> taskDefinitions.tags(reference), tags -> taskDefinitions.setTags(reference, tags));
            }
            case "service" -> {
                int slash = path.indexOf('/');
                if (slash < 0) {
                    throw EcsErrors.invalidParameter("resourceArn '" + resourceArn + "' is a short service ARN; tag services "
                            + "by their long ARN (service/CLUSTER/NAME).");
                }
                String cluster = path.substring(0, slash);
                String name = path.substring(slash + 1);
                yield new Resource(() -> services.tags(cluster, name), tags -> services.setTags(cluster, name, tags));
            }
            case "task", "container-instance", "capacity-provider", "task-set" ->
                    throw new ApiException(EcsErrors.RESOURCE_NOT_FOUND, "The specified resource is not found: " + resourceArn);
            default -> throw EcsErrors.invalidParameter("resourceArn '" + resourceArn
                    + "' names a resource type ECS cannot tag (" + arn.resourceType() + ").");
        };
    }
}
