package dev.berth.ecs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.domain.validation.Names;
import dev.berth.ecs.cluster.ClusterOperations;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.FilteredScan;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.ecs.service.rollout.Deployment;
import dev.berth.ecs.service.rollout.ProviderShare;
import dev.berth.ecs.service.rollout.ServiceState;
import dev.berth.ecs.task.PlacementSpec;
import dev.berth.ecs.taskdefinition.RunnableTaskDefinition;
import dev.berth.ecs.taskdefinition.TaskDefinitionOperations;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * CreateService, UpdateService, DescribeServices, ListServices and DeleteService. These write
 * what the user asks; {@link ServiceController} does the rest. Thread-safe.
 */
public final class ServiceOperations {
    private static final int WRITE_ATTEMPTS = 20;
    private static final String NOT_FOUND = "Service not found.";

    private final Store store;
    private final ClusterOperations clusters;
    private final TaskDefinitionOperations taskDefinitions;
    private final RandomGenerator random;
    private final TargetGroupCheck targetGroups;

    public ServiceOperations(Store store, ClusterOperations clusters, TaskDefinitionOperations taskDefinitions,
                             RandomGenerator random, TargetGroupCheck targetGroups) {
        this.store = store;
        this.clusters = clusters;
        this.taskDefinitions = taskDefinitions;
        this.random = random;
        this.targetGroups = targetGroups;
    }

    public JsonNode createService(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String name = Names.require("serviceName", Json.string(input, "serviceName"));
        boolean daemon = "DAEMON".equals(Json.string(input, "schedulingStrategy"));
        requireEcsController(input);
        String reference = Json.string(input, "taskDefinition");
        if (reference == null) {
            throw EcsErrors.invalidParameter("taskDefinition is required for the ECS deployment controller.");
        }
        RunnableTaskDefinition definition = taskDefinitions.runnable("taskDefinition", reference);
        Integer desired = Json.integer(input, "desiredCount");
        List<ProviderShare> providers = ServiceRecord.providers(input.path("capacityProviderStrategy"));
        if (daemon) {
            refuseForDaemon(desired, input.path("placementStrategy"), providers);
        } else if (desired == null) {
            throw EcsErrors.invalidParameter("desiredCount is required when schedulingStrategy is REPLICA.");
        }
        requireCount(desired);
        if (input.hasNonNull("launchType") && !providers.isEmpty()) {
            throw EcsErrors.invalidParameter("Specifying both a launchType and capacityProviderStrategy is not supported.");
        }
        CapacityProviders.validate(providers);
        ObjectNode configuration = deploymentConfiguration(input.get("deploymentConfiguration"), null, daemon);
        PlacementSpec.read(input.path("placementStrategy"), input.path("placementConstraints"),
                definition.definition().path("placementConstraints"));
        requireGrace(input);
        checkLoadBalancers(input.path("loadBalancers"), definition.definition());
        Tags tags = Tags.parse(input.get("tags"), FieldPath.of("tags"));
        String token = Json.string(input, "clientToken");
        if (token != null && token.length() > 36) {
            throw EcsErrors.invalidParameter("clientToken may be at most 36 characters; got " + token.length() + ".");
        }
        Instant now = context.receivedAt();
        String taskDefinition = definition.family() + ":" + definition.revision();
        ServiceRecord created = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            Optional<Record> existing = tx.get(EcsKinds.SERVICE, ServiceRecord.id(cluster, name));
            long version = 0;
            if (existing.isPresent()) {
                ServiceRecord service = new ServiceRecord(existing.get());
                switch (service.status()) {
                    case "ACTIVE" -> {
                        if (input.equals(service.body().get("creation"))) {
                            return service; // the same request again: what it created
                        }
                        throw EcsErrors.invalidParameter("Creation of service was not idempotent.");
                    }
                    case "DRAINING" -> throw EcsErrors.invalidParameter("Unable to Start a service that is still Draining.");
                    default -> version = existing.get().version(); // INACTIVE: the name is free again
                }
            }
            ObjectNode body = Json.object();
            body.put("serviceName", name);
            body.put("cluster", cluster);
            body.put("status", "ACTIVE");
            body.put("schedulingStrategy", daemon ? "DAEMON" : "REPLICA");
            body.put("desiredCount", daemon ? 0 : desired);
            if (providers.isEmpty()) {
                body.put("launchType", Optional.ofNullable(Json.string(input, "launchType")).orElse("EC2"));
            } else {
                body.set("capacityProviderStrategy", ServiceRecord.providersJson(providers));
            }
            body.set("deploymentConfiguration", configuration);
            body.set("placementConstraints", array(input, "placementConstraints"));
            body.set("placementStrategy", array(input, "placementStrategy"));
            body.set("loadBalancers", array(input, "loadBalancers"));
            body.set("serviceRegistries", array(input, "serviceRegistries"));
            copy(input, body, "networkConfiguration", "platformVersion");
            if (input.hasNonNull("role")) {
                body.put("roleArn", input.get("role").asText());
            }
            body.put("healthCheckGracePeriodSeconds", input.path("healthCheckGracePeriodSeconds").asInt(0));
            body.put("propagateTags", Optional.ofNullable(Json.string(input, "propagateTags")).orElse("NONE"));
            body.put("enableECSManagedTags", input.path("enableECSManagedTags").asBoolean(false));
            body.put("enableExecuteCommand", input.path("enableExecuteCommand").asBoolean(false));
            body.set("tags", tags.toJson());
            body.put("createdAt", now.toEpochMilli());
            body.set("creation", input.deepCopy());
            body.putArray("taskIds");
            body.putArray("events");
            ServiceRecord service = new ServiceRecord(new Record(EcsKinds.SERVICE, ServiceRecord.id(cluster, name), 0, 0,
                    Json.text(body)));
            service.setState(new ServiceState(List.of(Deployment.start(newDeploymentId(), taskDefinition, providers,
                    daemon ? 0 : desired, now)), null, false, 0, 0, null));
            return new ServiceRecord(tx.put(EcsKinds.SERVICE, service.record().id(), Json.text(service.body()), version));
        });
        ObjectNode output = Json.object();
        output.set("service", ServiceRenderer.render(arns(context), created, false));
        return output;
    }

    public JsonNode updateService(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String name = ServiceReference.name("service", Json.string(input, "service"));
        requireEcsController(input);
        RunnableTaskDefinition named = Json.string(input, "taskDefinition") == null ? null
                : taskDefinitions.runnable("taskDefinition", Json.string(input, "taskDefinition"));
        Integer desired = Json.integer(input, "desiredCount");
        requireCount(desired);
        requireGrace(input);
        Instant now = context.receivedAt();
        ServiceRecord updated = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            ServiceRecord service = tx.get(EcsKinds.SERVICE, ServiceRecord.id(cluster, name)).map(ServiceRecord::new)
                    .orElseThrow(() -> new ApiException(EcsErrors.SERVICE_NOT_FOUND, NOT_FOUND));
            if (!service.status().equals("ACTIVE")) {
                throw new ApiException(EcsErrors.SERVICE_NOT_ACTIVE, "Service was not ACTIVE.");
            }
            ObjectNode body = service.body();
            boolean daemon = service.daemon();
            ServiceState state = service.state();
            String taskDefinition = named == null ? state.primary().taskDefinition() : named.family() + ":" + named.revision();
            JsonNode definition = named != null ? named.definition() : definitionOf(taskDefinition);
            List<ProviderShare> providers = input.has("capacityProviderStrategy")
                    ? ServiceRecord.providers(input.get("capacityProviderStrategy")) : state.primary().providers();
            if (daemon) {
                refuseForDaemon(desired, input.path("placementStrategy"), providers);
            }
            CapacityProviders.validate(providers);
            boolean deploy = !taskDefinition.equals(state.primary().taskDefinition())
                    || input.path("forceNewDeployment").asBoolean(false)
                    || !providers.equals(state.primary().providers())
                    || changes(input, body, "loadBalancers") || changes(input, body, "networkConfiguration")
                    || changes(input, body, "serviceRegistries") || changes(input, body, "platformVersion");
            if (desired != null) {
                body.put("desiredCount", desired);
            }
            if (input.has("deploymentConfiguration")) {
                body.set("deploymentConfiguration", deploymentConfiguration(input.get("deploymentConfiguration"),
                        (ObjectNode) body.get("deploymentConfiguration"), daemon));
            }
            JsonNode strategy = input.has("placementStrategy") ? input.get("placementStrategy") : body.path("placementStrategy");
            JsonNode constraints = input.has("placementConstraints") ? input.get("placementConstraints")
                    : body.path("placementConstraints");
            PlacementSpec.read(strategy, constraints, definition.path("placementConstraints"));
            body.set("placementStrategy", strategy);
            body.set("placementConstraints", constraints);
            checkLoadBalancers(input.has("loadBalancers") ? input.get("loadBalancers") : body.path("loadBalancers"),
                    definition);
            copy(input, body, "loadBalancers", "networkConfiguration", "serviceRegistries", "platformVersion",
                    "healthCheckGracePeriodSeconds", "propagateTags", "enableECSManagedTags", "enableExecuteCommand");
            if (!providers.isEmpty()) {
                body.remove("launchType");
                body.set("capacityProviderStrategy", ServiceRecord.providersJson(providers));
            }
            if (deploy) {
                List<Deployment> deployments = new ArrayList<>(state.deployments());
                deployments.add(0, Deployment.start(newDeploymentId(), taskDefinition, providers,
                        daemon ? 0 : body.path("desiredCount").asInt(), now));
                service.setState(new ServiceState(deployments, state.lastCompleted(), false, state.runningCount(),
                        state.pendingCount(), state.throttle()));
            }
            return new ServiceRecord(tx.put(EcsKinds.SERVICE, service.record().id(), Json.text(body),
                    service.record().version()));
        });
        ObjectNode output = Json.object();
        output.set("service", ServiceRenderer.render(arns(context), updated, false));
        return output;
    }

    public JsonNode describeServices(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        JsonNode references = input.path("services");
        if (references.isEmpty() || references.size() > 10) {
            throw EcsErrors.invalidParameter("services must name 1 to 10 services; got " + references.size() + ".");
        }
        boolean tags = false;
        for (JsonNode value : input.path("include")) {
            tags |= value.asText().equals("TAGS");
        }
        EcsArns arns = arns(context);
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("services");
        ArrayNode failures = output.putArray("failures");
        for (int i = 0; i < references.size(); i++) {
            String name = ServiceReference.name("services[" + i + "]", references.get(i).asText());
            Optional<Record> record = store.get(EcsKinds.SERVICE, ServiceRecord.id(cluster, name));
            if (record.isPresent()) {
                found.add(ServiceRenderer.render(arns, new ServiceRecord(record.get()), tags));
            } else {
                failures.addObject().put("arn", arns.service(cluster, name)).put("reason", "MISSING");
            }
        }
        return output;
    }

    public JsonNode listServices(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String launchType = Json.string(input, "launchType");
        String scheduling = Json.string(input, "schedulingStrategy");
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 10);
        ListQuery query = ListQuery.prefix(EcsKinds.SERVICE, cluster + "/", size)
                .after(PageToken.decode("ListServices", Json.string(input, "nextToken")));
        EcsArns arns = arns(context);
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("serviceArns");
        FilteredScan.Page page = FilteredScan.page(store, query, size, record -> {
            JsonNode body = Json.body(record);
            return body.path("status").asText().equals("ACTIVE")
                    && (launchType == null || launchType.equals(body.path("launchType").asText()))
                    && (scheduling == null || scheduling.equals(body.path("schedulingStrategy").asText()));
        }, record -> found.add(arns.service(cluster, record.id().substring(cluster.length() + 1))));
        page.nextToken("ListServices").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    public JsonNode deleteService(RequestContext context, ObjectNode input) {
        String cluster = clusters.requireActive(input);
        String name = ServiceReference.name("service", Json.string(input, "service"));
        boolean force = input.path("force").asBoolean(false);
        ServiceRecord deleted = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            ServiceRecord service = tx.get(EcsKinds.SERVICE, ServiceRecord.id(cluster, name)).map(ServiceRecord::new)
                    .filter(found -> !found.status().equals("INACTIVE"))
                    .orElseThrow(() -> new ApiException(EcsErrors.SERVICE_NOT_FOUND, NOT_FOUND));
            if (service.status().equals("DRAINING")) {
                return service;
            }
            if (!service.daemon() && service.body().path("desiredCount").asInt() > 0 && !force) {
                throw EcsErrors.invalidParameter("The service cannot be stopped while it is scaled above 0.");
            }
            service.body().put("status", "DRAINING");
            service.body().put("desiredCount", 0);
            return new ServiceRecord(tx.put(EcsKinds.SERVICE, service.record().id(), Json.text(service.body()),
                    service.record().version()));
        });
        ObjectNode output = Json.object();
        output.set("service", ServiceRenderer.render(arns(context), deleted, false));
        return output;
    }

    /** Tags of a service that is not INACTIVE, for the tagging operations. */
    public Tags tags(String cluster, String name) {
        return Tags.parse(find(cluster, name).body().get("tags"), FieldPath.of("tags"));
    }

    public void setTags(String cluster, String name, Tags tags) {
        store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            ServiceRecord service = tx.get(EcsKinds.SERVICE, ServiceRecord.id(cluster, name)).map(ServiceRecord::new)
                    .filter(found -> !found.status().equals("INACTIVE"))
                    .orElseThrow(() -> new ApiException(EcsErrors.RESOURCE_NOT_FOUND, "The specified service is not found."));
            service.body().set("tags", tags.toJson());
            return tx.put(EcsKinds.SERVICE, service.record().id(), Json.text(service.body()), service.record().version());
        });
    }

    private ServiceRecord find(String cluster, String name) {
        return store.get(EcsKinds.SERVICE, ServiceRecord.id(cluster, name)).map(ServiceRecord::new)
                .filter(found -> !found.status().equals("INACTIVE"))
                .orElseThrow(() -> new ApiException(EcsErrors.RESOURCE_NOT_FOUND, "The specified service is not found."));
    }

    private JsonNode definitionOf(String familyRevision) {
        int colon = familyRevision.lastIndexOf(':');
        return taskDefinitions.revision(familyRevision.substring(0, colon), Long.parseLong(familyRevision.substring(colon + 1)))
                .map(RunnableTaskDefinition::definition).map(JsonNode.class::cast).orElse(Json.object());
    }

    /** ECS's form: {@code ecs-svc/} and 19 digits. */
    private String newDeploymentId() {
        return String.format("ecs-svc/%019d", random.nextLong() & Long.MAX_VALUE);
    }

    private static EcsArns arns(RequestContext context) {
        return new EcsArns(context.region(), context.accountId());
    }

    private static void requireEcsController(ObjectNode input) {
        String controller = input.path("deploymentController").path("type").asText("ECS");
        if (!controller.equals("ECS")) {
            throw EcsErrors.invalidParameter("deploymentController.type: Berth runs the ECS (rolling update) deployment "
                    + "controller only; got " + controller + ".");
        }
    }

    private static void refuseForDaemon(Integer desired, JsonNode placementStrategy, List<ProviderShare> providers) {
        if (desired != null) {
            throw EcsErrors.invalidParameter("The daemon scheduling strategy does not support a desired count for services. "
                    + "Remove the desired count value and try again");
        }
        if (!placementStrategy.isMissingNode() && !placementStrategy.isNull() && placementStrategy.size() > 0) {
            throw EcsErrors.invalidParameter("The daemon scheduling strategy does not support placement strategies. Remove "
                    + "the placement strategy and try again");
        }
        if (!providers.isEmpty()) {
            throw EcsErrors.invalidParameter("The daemon scheduling strategy does not support capacity provider strategies. "
                    + "Remove the capacity provider strategy and try again");
        }
    }

    private static void requireCount(Integer desired) {
        if (desired != null && desired < 0) {
            throw EcsErrors.invalidParameter("desiredCount must be at least 0; got " + desired + ".");
        }
    }

    private static void requireGrace(ObjectNode input) {
        if (input.path("healthCheckGracePeriodSeconds").asLong(0) < 0) {
            throw EcsErrors.invalidParameter("healthCheckGracePeriodSeconds must be at least 0; got "
                    + input.get("healthCheckGracePeriodSeconds").asLong() + ".");
        }
    }

    /** The deployment configuration with ECS's defaults filled in and what Berth cannot honour refused. */
    static ObjectNode deploymentConfiguration(JsonNode given, ObjectNode current, boolean daemon) {
        ObjectNode out = current != null ? current.deepCopy() : Json.object();
        if (current == null) {
            out.putObject("deploymentCircuitBreaker").put("enable", false).put("rollback", false);
            out.put("maximumPercent", daemon ? 100 : 200);
            out.put("minimumHealthyPercent", daemon ? 0 : 100);
        }
        if (given != null && given.isObject()) {
            String strategy = given.path("strategy").asText("ROLLING");
            if (!strategy.equals("ROLLING")) {
                throw EcsErrors.invalidParameter("deploymentConfiguration.strategy: Berth deploys with ROLLING updates only; got "
                        + strategy + ".");
            }
            for (String field : new String[] {"bakeTimeInMinutes", "lifecycleHooks", "linearConfiguration",
                    "canaryConfiguration"}) {
                if (given.hasNonNull(field) && !(given.get(field).isArray() && given.get(field).isEmpty())) {
                    throw EcsErrors.invalidParameter("deploymentConfiguration." + field + " belongs to the BLUE_GREEN, LINEAR "
                            + "and CANARY strategies, which Berth does not run.");
                }
            }
            if (given.path("alarms").path("enable").asBoolean(false)) {
                throw EcsErrors.invalidParameter("deploymentConfiguration.alarms: Berth has no CloudWatch alarms to watch; "
                        + "use deploymentCircuitBreaker.");
            }
            for (String field : new String[] {"maximumPercent", "minimumHealthyPercent"}) {
                if (given.hasNonNull(field)) {
                    out.put(field, given.get(field).asInt());
                }
            }
            if (given.has("deploymentCircuitBreaker")) {
                JsonNode breaker = given.get("deploymentCircuitBreaker");
                out.putObject("deploymentCircuitBreaker").put("enable", breaker.path("enable").asBoolean(false))
                        .put("rollback", breaker.path("rollback").asBoolean(false));
            }
            if (given.has("alarms")) {
                out.set("alarms", given.get("alarms"));
            }
        }
        int minimum = out.path("minimumHealthyPercent").asInt();
        int maximum = out.path("maximumPercent").asInt();
        if (minimum < 0 || minimum > 100) {
            throw EcsErrors.invalidParameter("deploymentConfiguration.minimumHealthyPercent must be between 0 and 100; got "
                    + minimum + ".");
        }
        if (daemon && maximum > 100) {
            throw EcsErrors.invalidParameter("The daemon scheduling strategy does not support values above 100 for "
                    + "maximumPercent on a deployment configuration. Change the maximumPercent value to 100, and try again");
        }
        if (maximum < 100) {
            throw EcsErrors.invalidParameter("deploymentConfiguration.maximumPercent must be at least 100 (a service must be "
                    + "able to run its desired count); got " + maximum + ".");
        }
        return out;
    }

    /** Each load balancer names a container of the task definition and one of its container ports. */
    private void checkLoadBalancers(JsonNode loadBalancers, JsonNode definition) {
        if (loadBalancers.size() > 5) {
            throw EcsErrors.invalidParameter("loadBalancers may name at most 5 target groups; got "
                    + loadBalancers.size() + ".");
        }
        for (int i = 0; i < loadBalancers.size(); i++) {
            JsonNode balancer = loadBalancers.get(i);
            if (balancer.hasNonNull("targetGroupArn")) {
                if (!balancer.hasNonNull("containerName") || !balancer.hasNonNull("containerPort")) {
                    throw EcsErrors.invalidParameter("loadBalancers[" + i + "]: containerName and containerPort are "
                            + "required with a targetGroupArn.");
                }
                targetGroups.verify(balancer.get("targetGroupArn").asText(), "loadBalancers[" + i + "].targetGroupArn");
            }
            if (!balancer.hasNonNull("containerName")) {
                continue;
            }
            String container = balancer.get("containerName").asText();
            int port = balancer.path("containerPort").asInt(-1);
            boolean found = false;
            for (JsonNode candidate : definition.path("containerDefinitions")) {
                if (candidate.path("name").asText().equals(container)) {
                    for (JsonNode mapping : candidate.path("portMappings")) {
                        found |= mapping.path("containerPort").asInt() == port;
                    }
                }
            }
            if (!found) {
                throw EcsErrors.invalidParameter("loadBalancers[" + i + "]: The container " + container
                        + " did not have a container port " + port + " defined.");
            }
        }
    }

    private static boolean changes(ObjectNode input, JsonNode body, String field) {
        return input.has(field) && !Objects.equals(input.get(field), body.get(field));
    }

    private static JsonNode array(ObjectNode input, String field) {
        return input.path(field).isArray() ? input.get(field).deepCopy() : Json.object().arrayNode();
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field)) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }
}
