package dev.berth.ecs.taskdefinition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.taskdefinition.TaskDefinitionDraft;
import dev.berth.domain.taskdefinition.TaskDefinitionValidator;
import dev.berth.ecs.common.EcsKinds;
import dev.berth.ecs.common.FilteredScan;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions,
 * ListTaskDefinitionFamilies, DeregisterTaskDefinition and DeleteTaskDefinitions.
 *
 * <p>Each family has a record holding its last revision number; a registration reads it, writes
 * the new revision and the family in one transaction, so revisions are 1, 2, 3… without gaps or
 * duplicates however many registrations race, and are never reused. Thread-safe.
 */
public final class TaskDefinitionOperations {
    private static final int WRITE_ATTEMPTS = 10;
    private static final int SCAN_PAGE = 200;
    private static final String ACTIVE = "ACTIVE";
    private static final String INACTIVE = "INACTIVE";
    private static final String DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS";
    private static final String MISSING = "Unable to describe task definition.";

    private final Store store;

    public TaskDefinitionOperations(Store store) {
        this.store = store;
    }

    public JsonNode register(RequestContext context, ObjectNode input) {
        TaskDefinitionDraft draft = TaskDefinitionValidator.validate(input);
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        StoredTaskDefinition registered = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            Optional<Record> familyRecord = tx.get(EcsKinds.TASK_DEFINITION_FAMILY, draft.family());
            ObjectNode family = familyRecord.map(Json::body).orElseGet(Json::object);
            long revision = family.path("lastRevision").asLong(0) + 1;
            ObjectNode definition = draft.definition().deepCopy();
            definition.put("revision", revision);
            definition.put("status", ACTIVE);
            definition.set("registeredAt", AwsJson.epochSeconds(context.receivedAt()));
            definition.put("registeredBy", arns.registeredBy());
            Record record = tx.put(EcsKinds.TASK_DEFINITION, EcsKinds.taskDefinitionId(draft.family(), revision),
                    StoredTaskDefinition.body(definition, draft.tags()), 0);
            family.put("lastRevision", revision);
            family.put("activeRevisions", family.path("activeRevisions").asLong(0) + 1);
            tx.put(EcsKinds.TASK_DEFINITION_FAMILY, draft.family(), Json.text(family),
                    familyRecord.map(Record::version).orElse(0L));
            return new StoredTaskDefinition(record, definition, draft.tags());
        });
        ObjectNode output = Json.object();
        output.set("taskDefinition", registered.render(arns));
        if (!registered.tags().isEmpty()) {
            output.set("tags", registered.tags().toJson());
        }
        return output;
    }

    public JsonNode describe(RequestContext context, ObjectNode input) {
        TaskDefinitionReference reference =
                TaskDefinitionReference.parse("taskDefinition", Json.string(input, "taskDefinition"));
        StoredTaskDefinition found = find(reference).orElseThrow(() -> EcsErrors.client(MISSING));
        ObjectNode output = Json.object();
        output.set("taskDefinition", found.render(new EcsArns(context.region(), context.accountId())));
        if (includesTags(input)) {
            output.set("tags", found.tags().toJson());
        }
        return output;
    }

    public JsonNode list(RequestContext context, ObjectNode input) {
        String status = Optional.ofNullable(Json.string(input, "status")).orElse(ACTIVE);
        String family = Json.string(input, "familyPrefix");
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 100);
        boolean descending = "DESC".equals(Json.string(input, "sort"));
        ListQuery query = new ListQuery(EcsKinds.TASK_DEFINITION, family == null ? "" : EcsKinds.familyPrefix(family),
                PageToken.decode("ListTaskDefinitions", Json.string(input, "nextToken")), SCAN_PAGE, descending);
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode found = output.putArray("taskDefinitionArns");
        FilteredScan.Page page = FilteredScan.page(store, query, size,
                record -> StoredTaskDefinition.of(record).status().equals(status),
                record -> found.add(arns.taskDefinition(EcsKinds.familyOf(record.id()), EcsKinds.revisionOf(record.id()))));
        page.nextToken("ListTaskDefinitions").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    public JsonNode listFamilies(RequestContext context, ObjectNode input) {
        String status = Optional.ofNullable(Json.string(input, "status")).orElse("ALL");
        String prefix = Optional.ofNullable(Json.string(input, "familyPrefix")).orElse("");
        int size = PageToken.pageSize(Json.integer(input, "maxResults"), 100);
        ListQuery query = new ListQuery(EcsKinds.TASK_DEFINITION_FAMILY, prefix,
                PageToken.decode("ListTaskDefinitionFamilies", Json.string(input, "nextToken")), SCAN_PAGE, false);
        Predicate<Record> matches = record -> {
            boolean active = Json.body(record).path("activeRevisions").asLong() > 0;
            return status.equals("ALL") || status.equals(ACTIVE) == active;
        };
        ObjectNode output = Json.object();
        ArrayNode families = output.putArray("families");
        FilteredScan.Page page = FilteredScan.page(store, query, size, matches, record -> families.add(record.id()));
        page.nextToken("ListTaskDefinitionFamilies").ifPresent(token -> output.put("nextToken", token));
        return output;
    }

    public JsonNode deregister(RequestContext context, ObjectNode input) {
        TaskDefinitionReference reference = requireRevision("taskDefinition", Json.string(input, "taskDefinition"));
        StoredTaskDefinition result = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            StoredTaskDefinition current = load(tx, reference)
                    .orElseThrow(() -> EcsErrors.client("The specified task definition does not exist."));
            return switch (current.status()) {
                case INACTIVE -> current; // deregistering twice changes nothing
                case DELETE_IN_PROGRESS -> throw EcsErrors.client("The specified task definition is being deleted.");
                default -> {
                    ObjectNode changed = current.withStatus(INACTIVE, "deregisteredAt", context.receivedAt());
                    tx.put(EcsKinds.TASK_DEFINITION, current.record().id(), StoredTaskDefinition.body(changed, current.tags()),
                            current.record().version());
                    adjustActiveRevisions(tx, current.family(), -1);
                    yield new StoredTaskDefinition(current.record(), changed, current.tags());
                }
            };
        });
        ObjectNode output = Json.object();
        output.set("taskDefinition", result.render(new EcsArns(context.region(), context.accountId())));
        return output;
    }

    public JsonNode delete(RequestContext context, ObjectNode input) {
        EcsArns arns = new EcsArns(context.region(), context.accountId());
        ObjectNode output = Json.object();
        ArrayNode deleted = output.putArray("taskDefinitions");
        ArrayNode failures = output.putArray("failures");
        JsonNode requested = input.path("taskDefinitions");
        if (requested.size() > 10) {
            throw EcsErrors.invalidParameter("taskDefinitions may name at most 10 revisions; got " + requested.size() + ".");
        }
        for (JsonNode item : requested) {
            String given = item.asText();
            TaskDefinitionReference reference = requireRevision("taskDefinitions", given);
            Optional<StoredTaskDefinition> result = store.writeRetrying(WRITE_ATTEMPTS, tx -> {
                Optional<StoredTaskDefinition> current = load(tx, reference);
                if (current.isEmpty() || !current.get().status().equals(INACTIVE)) {
                    return current;
                }
                StoredTaskDefinition definition = current.get();
                ObjectNode changed = definition.withStatus(DELETE_IN_PROGRESS, "deleteRequestedAt", context.receivedAt());
                tx.put(EcsKinds.TASK_DEFINITION, definition.record().id(), StoredTaskDefinition.body(changed, definition.tags()),
                        definition.record().version());
                return Optional.of(new StoredTaskDefinition(definition.record(), changed, definition.tags()));
            });
            if (result.isEmpty()) {
                failure(failures, arns.taskDefinition(reference.family(), reference.revision()),
                        "The specified task definition does not exist.");
            } else if (result.get().status().equals(ACTIVE)) {
                failure(failures, arns.taskDefinition(reference.family(), reference.revision()),
                        "The specified task definition is still in ACTIVE status. Please deregister the target and try again.");
            } else {
                deleted.add(result.get().render(arns));
            }
        }
        return output;
    }

    /** Finds a revision, or the latest ACTIVE one of a family when the reference names no revision. */
    Optional<StoredTaskDefinition> find(TaskDefinitionReference reference) {
        if (reference.hasRevision()) {
            return store.get(EcsKinds.TASK_DEFINITION, EcsKinds.taskDefinitionId(reference.family(), reference.revision()))
                    .map(StoredTaskDefinition::of);
        }
        ListQuery newestFirst = new ListQuery(EcsKinds.TASK_DEFINITION, EcsKinds.familyPrefix(reference.family()), null,
                SCAN_PAGE, true);
        while (true) {
            List<Record> page = store.list(newestFirst);
            for (Record record : page) {
                StoredTaskDefinition definition = StoredTaskDefinition.of(record);
                if (definition.status().equals(ACTIVE)) {
                    return Optional.of(definition);
                }
            }
            if (page.size() < SCAN_PAGE) {
                return Optional.empty();
            }
            newestFirst = newestFirst.after(page.get(page.size() - 1).id());
        }
    }

    /**
     * The revision a new task runs: {@code family} means the latest ACTIVE one; a named revision
     * must be ACTIVE.
     */
    public RunnableTaskDefinition runnable(String field, String text) {
        TaskDefinitionReference reference = TaskDefinitionReference.parse(field, text);
        StoredTaskDefinition found = find(reference).orElseThrow(() -> EcsErrors.client("TaskDefinition not found."));
        if (!found.status().equals(ACTIVE)) {
            throw EcsErrors.client("TaskDefinition is inactive: " + found.family() + ":" + found.revision()
                    + " is " + found.status() + "; register a new revision or run an ACTIVE one.");
        }
        return new RunnableTaskDefinition(found.family(), found.revision(), found.definition().deepCopy(), found.tags());
    }

    /**
     * A revision a service already runs, whatever its status now: ECS lets a service go on
     * scaling on a revision deregistered since (INACTIVE).
     */
    public Optional<RunnableTaskDefinition> revision(String family, long revision) {
        return store.get(EcsKinds.TASK_DEFINITION, EcsKinds.taskDefinitionId(family, revision))
                .map(StoredTaskDefinition::of)
                .filter(found -> !found.status().equals(DELETE_IN_PROGRESS))
                .map(found -> new RunnableTaskDefinition(found.family(), found.revision(), found.definition().deepCopy(),
                        found.tags()));
    }

    /** Tags of a revision, for the tagging operations. */
    public Tags tags(TaskDefinitionReference reference) {
        return find(reference).map(StoredTaskDefinition::tags)
                .orElseThrow(() -> new ApiException(EcsErrors.RESOURCE_NOT_FOUND, "The specified task definition is not found."));
    }

    public void setTags(TaskDefinitionReference reference, Tags tags) {
        store.writeRetrying(WRITE_ATTEMPTS, tx -> {
            StoredTaskDefinition current = load(tx, reference).orElseThrow(() ->
                    new ApiException(EcsErrors.RESOURCE_NOT_FOUND, "The specified task definition is not found."));
            tx.put(EcsKinds.TASK_DEFINITION, current.record().id(), StoredTaskDefinition.body(current.definition(), tags),
                    current.record().version());
            return null;
        });
    }

    private static Optional<StoredTaskDefinition> load(Transaction tx, TaskDefinitionReference reference) {
        return tx.get(EcsKinds.TASK_DEFINITION, EcsKinds.taskDefinitionId(reference.family(), reference.revision()))
                .map(StoredTaskDefinition::of);
    }

    private static void adjustActiveRevisions(Transaction tx, String family, int delta) {
        Record record = tx.get(EcsKinds.TASK_DEFINITION_FAMILY, family)
                .orElseThrow(() -> new IllegalStateException("family record missing for " + family));
        ObjectNode body = Json.body(record);
        body.put("activeRevisions", Math.max(0, body.path("activeRevisions").asLong() + delta));
        tx.put(EcsKinds.TASK_DEFINITION_FAMILY, family, Json.text(body), record.version());
    }

    private static TaskDefinitionReference requireRevision(String field, String text) {
        TaskDefinitionReference reference = TaskDefinitionReference.parse(field, text);
        if (!reference.hasRevision()) {
            throw EcsErrors.client(field + " must name a revision (family:revision or its ARN); got '" + text + "'.");
        }
        return reference;
    }

    private static boolean includesTags(ObjectNode input) {
        for (JsonNode value : input.path("include")) {
            if (value.asText().equals("TAGS")) {
                return true;
            }
        }
        return false;
    }

    private static void failure(ArrayNode failures, String arn, String reason) {
        failures.addObject().put("arn", arn).put("reason", reason);
    }
}
