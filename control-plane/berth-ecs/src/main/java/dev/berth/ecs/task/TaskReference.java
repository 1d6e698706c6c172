package dev.berth.ecs.task;

import dev.berth.domain.arn.Arn;
import dev.berth.domain.error.EcsErrors;

/** A {@code task} parameter: an id, or an ARN in the long ({@code task/cluster/id}) or legacy ({@code task/id}) form. */
public final class TaskReference {
    private TaskReference() {
    }

    public static String taskId(String reference) {
        if (reference == null || reference.isEmpty()) {
            throw EcsErrors.invalidParameter("task is required.");
        }
        if (!Arn.looksLikeArn(reference)) {
            return reference;
        }
        Arn arn = Arn.parse(reference).filter(parsed -> parsed.resourceType().equals("task"))
                .orElseThrow(() -> EcsErrors.invalidParameter("'" + reference + "' is not a task ARN."));
        String path = arn.resourcePath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
