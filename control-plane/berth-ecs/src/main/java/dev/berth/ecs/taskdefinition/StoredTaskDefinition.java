package dev.berth.ecs.taskdefinition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.domain.arn.EcsArns;
import dev.berth.domain.tag.Tags;
import dev.berth.domain.validation.FieldPath;
import dev.berth.ecs.common.Json;
import dev.berth.store.Record;
import java.time.Instant;

/**
 * A registered revision as stored: the TaskDefinition ECS returns minus its ARN (rendered per
 * caller's region), and its tags. Body: {@code {"taskDefinition": {...}, "tags": [...]}}.
 */
record StoredTaskDefinition(Record record, ObjectNode definition, Tags tags) {
    static StoredTaskDefinition of(Record record) {
        ObjectNode body = Json.body(record);
        return new StoredTaskDefinition(record, (ObjectNode) body.get("taskDefinition"),
                Tags.parse(body.get("tags"), FieldPath.of("tags")));
    }

    static String body(ObjectNode definition, Tags tags) {
        ObjectNode body = Json.object();
        body.set("taskDefinition", definition);
        body.set("tags", tags.toJson());
        return Json.text(body);
    }

    String family() {
        return definition.path("family").asText();
    }

    long revision() {
        return definition.path("revision").asLong();
    }

    String status() {
        return definition.path("status").asText();
    }

    /** A copy with the status changed and the time of the change recorded under {@code timeField}. */
    ObjectNode withStatus(String status, String timeField, Instant at) {
        ObjectNode copy = definition.deepCopy();
        copy.put("status", status);
        copy.set(timeField, AwsJson.epochSeconds(at));
        return copy;
    }

    /** The TaskDefinition as ECS writes it: taskDefinitionArn first, then the stored members. */
    ObjectNode render(EcsArns arns) {
        ObjectNode rendered = Json.object();
        rendered.put("taskDefinitionArn", arns.taskDefinition(family(), revision()));
        rendered.setAll(definition);
        return rendered;
    }
}
