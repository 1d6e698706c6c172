package dev.berth.domain.taskdefinition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.tag.Tags;

/**
 * A validated, normalised task definition that has no revision yet.
 *
 * @param family the family it will be registered in
 * @param definition the TaskDefinition fields ECS returns, without the ones a registration adds
 *     (taskDefinitionArn, revision, status, registeredAt, registeredBy); owned by this draft
 * @param tags the tags to give the new revision
 */
public record TaskDefinitionDraft(String family, ObjectNode definition, Tags tags) {
}
