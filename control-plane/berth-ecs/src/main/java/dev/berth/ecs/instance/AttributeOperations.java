package dev.berth.ecs.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.FilteredScan;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.store.ListQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PutAttributes, ListAttributes and DeleteAttributes: custom attributes of container instances,
 * which placement constraints and the ListContainerInstances filter read. The agent's own
 * attributes ({@code ecs.*}) are its to set. Thread-safe.
 */
public final class AttributeOperations {
    private static final int MAX_CUSTOM_ATTRIBUTES = 10;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_./\\\\-]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[a-zA-Z0-9_.@/\\\\: -]{1,128}");

    private final ClusterOperations clusters;
    private final ContainerInstanceOperations instances;
    private final dev.berth.store.Store store;

    public AttributeOperations(dev.berth.store.Store store, ClusterOperations clusters, ContainerInstanceOperations instances) {
        this.store = store;
        this.clusters = clusters;
        this.instances = instances;
    }

    public JsonNode put(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        List<Target> targets = targets(cluster, input.path("attributes"), true);
        checkLimits(cluster, targets); // before anything is written: a refused request changes nothing
        for (Target target : targets) {
            instances.update(cluster, target.instanceId(), (instance, index) -> {
                instance.body().with("attributes").put(target.name(), target.value() == null ? "" : target.value());
                instance.bumpVersion();
            });
        }
        ObjectNode output = Json.object();
        output.set("attributes", input.path("attributes"));
        return output;
    }

    public JsonNode delete(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        for (Target target : targets(cluster, input.path("attributes"), false)) {
            instances.update(cluster, target.instanceId(), (instance, index) -> {
                instance.body().with("attributes").remove(target.name());
                instance.bumpVersion();
            });
        }
        ObjectNode output = Json.object();
        output.set("attributes", input.path("attributes"));
        return output;
    }

    public JsonNode list(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        if (!"container-instance".equals(Json.string(input, "targetType"))) {
            throw EcsErrors.invalidParameter("targetType must be container-instance.");
        }
        String name = Json.string(input, "attributeName");
        String value = Json.string(input, "attributeValue");
        if (value != null && name == null) {
            throw EcsErrors.invalidParameter("attributeValue can be given only with attributeName.");
        }
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 100);
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("attributes");
        // One page holds the attributes of up to `size` instances; an instance's attributes are never split.
        FilteredScan.Page page = FilteredScan.page(store,
                ListQuery.prefix(EcsKinds.CONTAINER_INSTANCE, cluster + "/", size)
                        .after(PageToken.decode("ListAttributes", Json.string(input, "nextToken"))),
                size, record -> !new InstanceRecord(record).status().equals("INACTIVE"), record -> {
                    InstanceRecord instance = new InstanceRecord(record);
                    instance.attributes().forEach((attribute, attributeValue) -> {
                        if ((name == null || name.equals(attribute)) && (value == null || value.equals(attributeValue))) {
                            ObjectNode item = found.addObject().put("name", attribute);
                            if (!attributeValue.isEmpty()) {
                                item.put("value", attributeValue);
                            }
                            item.put("targetType", "container-instance");
                            item.put("targetId", arns.containerInstance(cluster, instance.instanceId()));
                        }
                    });
                });
        page.nextToken("ListAttributes").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    private record Target(String instanceId, String name, String value) {
    }

    private void checkLimits(String cluster, List<Target> targets) {
        java.util.Map<String, java.util.Set<String>> names = new java.util.HashMap<>();
        for (Target target : targets) {
            names.computeIfAbsent(target.instanceId(), id -> {
                java.util.Set<String> custom = new java.util.HashSet<>();
                instances.find(cluster, id).ifPresent(instance -> instance.attributes().keySet().stream()
                        .filter(name -> !isAgents(name)).forEach(custom::add));
                return custom;
            }).add(target.name());
        }
        names.forEach((instanceId, custom) -> {
            if (custom.size() > MAX_CUSTOM_ATTRIBUTES) {
                throw new ApiException(EcsErrors.ATTRIBUTE_LIMIT_EXCEEDED, "You can apply up to " + MAX_CUSTOM_ATTRIBUTES
                        + " custom attributes to a resource; container instance " + instanceId + " would have "
                        + custom.size() + ".");
            }
        });
    }

    /** The agent's own attributes: its platform and capabilities, not counted as custom nor changeable here. */
    private static boolean isAgents(String name) {
        return name.startsWith("ecs.") || name.startsWith("com.amazonaws.ecs.");
    }

    private List<Target> targets(String cluster, JsonNode attributes, boolean checkValues) {
        if (attributes.size() > MAX_CUSTOM_ATTRIBUTES) {
            throw new ApiException(EcsErrors.ATTRIBUTE_LIMIT_EXCEEDED, "A request can carry at most "
                    + MAX_CUSTOM_ATTRIBUTES + " attributes; this one has " + attributes.size() + ".");
        }
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < attributes.size(); i++) {
            JsonNode attribute = attributes.get(i);
            String name = attribute.path("name").asText();
            String value = Json.string(attribute, "value");
            if (!NAME.matcher(name).matches()) {
                throw EcsErrors.invalidParameter("attributes[" + i + "].name must be 1 to 128 letters, numbers, '-', '_', "
                        + "'.', '/' or '\\'; got '" + name + "'.");
            }
            if (isAgents(name)) {
                throw EcsErrors.invalidParameter("attributes[" + i + "].name '" + name + "' is set by the container "
                        + "instance's agent; custom attributes cannot start with 'ecs.' or 'com.amazonaws.ecs.'.");
            }
            if (checkValues && value != null && !VALUE.matcher(value).matches()) {
                throw EcsErrors.invalidParameter("attributes[" + i + "].value must be 1 to 128 letters, numbers, spaces or "
                        + "-_.@/\\: ; got '" + value + "'.");
            }
            String targetType = attribute.path("targetType").asText("container-instance");
            if (!targetType.equals("container-instance")) {
                throw EcsErrors.invalidParameter("attributes[" + i + "].targetType must be container-instance.");
            }
            if (!attribute.hasNonNull("targetId")) {
                throw EcsErrors.invalidParameter("attributes[" + i + "].targetId is required.");
            }
            String instanceId = InstanceReference.instanceId(attribute.get("targetId").asText());
            if (instances.find(cluster, instanceId).filter(found -> !found.status().equals("INACTIVE")).isEmpty()) {
                throw new ApiException(EcsErrors.TARGET_NOT_FOUND, "Could not find " + attribute.get("targetId").asText()
                        + " in cluster " + cluster + ".");
            }
            targets.add(new Target(instanceId, name, value));
        }
        return targets;
    }
}
