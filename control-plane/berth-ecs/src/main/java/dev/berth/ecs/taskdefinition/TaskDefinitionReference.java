package dev.berth.ecs.taskdefinition;

import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.EcsErrors;
import dev.berth.domain.validation.Names;

/**
 * A {@code taskDefinition} parameter: {@code family}, {@code family:revision} or the ARN of a
 * revision.
 *
 * @param family the family
 * @param revision the revision, or 0 for "the latest ACTIVE revision"
 */
public record TaskDefinitionReference(String family, long revision) {
    public static TaskDefinitionReference parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw EcsErrors.client(field + " is required.");
        }
        String reference = text;
        if (Arn.looksLikeArn(text)) {
            Arn arn = Arn.parse(text)
                    .filter(parsed -> parsed.service().equals("ecs") && parsed.resourceType().equals("task-definition"))
                    .orElseThrow(() -> EcsErrors.client(field + " '" + text + "' is not a task definition ARN."));
            reference = arn.resourcePath();
            if (!reference.contains(":")) {
                throw EcsErrors.client(field + " '" + text + "' is a task definition ARN without a revision.");
            }
        }
        int colon = reference.lastIndexOf(':');
        String family = colon < 0 ? reference : reference.substring(0, colon);
        if (!Names.isValid(family)) {
            throw EcsErrors.client(field + " '" + text + "' is not a family, family:revision or task definition ARN.");
        }
        if (colon < 0) {
            return new TaskDefinitionReference(family, 0);
        }
        try {
            long revision = Long.parseLong(reference.substring(colon + 1));
            if (revision < 1) {
                throw new NumberFormatException();
            }
            return new TaskDefinitionReference(family, revision);
        } catch (NumberFormatException e) {
            throw EcsErrors.client(field + " '" + text + "' has an invalid revision number; revisions start at 1.");
        }
    }

    public boolean hasRevision() {
        return revision > 0;
    }
}
