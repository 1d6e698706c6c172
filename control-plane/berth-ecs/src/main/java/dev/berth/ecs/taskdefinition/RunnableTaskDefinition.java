package dev.berth.ecs.taskdefinition;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.domain.tag.Tags;

/**
 * An ACTIVE revision, ready to run: its stored definition (owned by the caller, a copy) and tags.
 */
public record RunnableTaskDefinition(String family, long revision, ObjectNode definition, Tags tags) {
}
