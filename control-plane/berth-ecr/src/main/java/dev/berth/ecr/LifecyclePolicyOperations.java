package dev.berth.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.domain.error.EcrErrors;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.common.PageToken;
import dev.berth.ecr.lifecycle.Expiry;
import dev.berth.ecr.lifecycle.ImageCandidate;
import dev.berth.ecr.lifecycle.LifecycleEvaluator;
import dev.berth.ecr.lifecycle.LifecyclePolicy;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Put/Get/DeleteLifecyclePolicy and the preview. A preview is evaluated at once (it is a pure
 * function of the repository's images) and kept until the next one; StartLifecyclePolicyPreview
 * therefore answers COMPLETE where ECR answers IN_PROGRESS, and its waiter passes on the first poll.
 */
final class LifecyclePolicyOperations {
    private final Store store;
    private final Registry registry;
    private final RepositoryOperations repositories;
    private final Runnable applyNow;

    /** @param applyNow asks the sweeper to apply policies now rather than at its next interval */
    LifecyclePolicyOperations(Store store, Registry registry, RepositoryOperations repositories, Runnable applyNow) {
        this.store = store;
        this.registry = registry;
        this.repositories = repositories;
        this.applyNow = applyNow;
    }

    JsonNode putLifecyclePolicy(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        String text = input.path("lifecyclePolicyText").asText();
        LifecyclePolicy.parse(text);
        store.writeRetrying(3, tx -> {
            Record repository = repositories.require(tx, name);
            ObjectNode body = Json.body(repository);
            body.put("lifecyclePolicyText", text);
            body.put("lifecyclePolicyUpdatedAt", context.receivedAt().toEpochMilli());
            tx.put(EcrKinds.REPOSITORY, name, Json.text(body), repository.version());
            return null;
        });
        applyNow.run();
        return policyAnswer(name, text, null);
    }

    JsonNode getLifecyclePolicy(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        ObjectNode body = Json.body(repositories.require(name));
        return policyAnswer(name, policyText(name, body), body);
    }

    JsonNode deleteLifecyclePolicy(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        ObjectNode removed = store.writeRetrying(3, tx -> {
            Record repository = repositories.require(tx, name);
            ObjectNode body = Json.body(repository);
            ObjectNode before = body.deepCopy();
            policyText(name, body);
            body.remove(List.of("lifecyclePolicyText", "lifecyclePolicyUpdatedAt", "lifecycleEvaluatedAt"));
            tx.put(EcrKinds.REPOSITORY, name, Json.text(body), repository.version());
            return before;
        });
        return policyAnswer(name, removed.path("lifecyclePolicyText").asText(), removed);
    }

    private String policyText(String name, ObjectNode repository) {
        if (!repository.hasNonNull("lifecyclePolicyText")) {
            throw new ApiException(EcrErrors.LIFECYCLE_POLICY_NOT_FOUND, "Lifecycle policy does not exist for the "
                    + "repository with name '" + name + "' in the registry with id '" + registry.id() + "'");
        }
        return repository.path("lifecyclePolicyText").asText();
    }

    private ObjectNode policyAnswer(String name, String text, ObjectNode repository) {
        ObjectNode out = Json.object();
        out.put("registryId", registry.id());
        out.put("repositoryName", name);
        out.put("lifecyclePolicyText", text);
        if (repository != null && repository.has("lifecycleEvaluatedAt")) {
            out.set("lastEvaluatedAt", AwsJson.epochSeconds(
                    Instant.ofEpochMilli(repository.path("lifecycleEvaluatedAt").asLong())));
        }
        return out;
    }

    JsonNode startLifecyclePolicyPreview(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        ObjectNode repository = Json.body(repositories.require(name));
        String text = input.hasNonNull("lifecyclePolicyText") ? input.path("lifecyclePolicyText").asText()
                : policyText(name, repository);
        List<Expiry> expiries = evaluate(store, name, LifecyclePolicy.parse(text), context.receivedAt());
        ObjectNode preview = Json.object();
        preview.put("lifecyclePolicyText", text);
        preview.put("status", "COMPLETE");
        ArrayNode results = preview.putArray("results");
        for (Expiry expiry : expiries) {
            ObjectNode result = results.addObject();
            expiry.tags().forEach(result.putArray("imageTags")::add);
            result.put("imageDigest", expiry.digest());
            result.put("imagePushedAt", expiry.pushedAt().toEpochMilli());
            result.put("appliedRulePriority", expiry.appliedRulePriority());
        }
        store.writeRetrying(3, tx -> {
            repositories.require(tx, name);
            long version = tx.get(EcrKinds.LIFECYCLE_PREVIEW, name).map(Record::version).orElse(0L);
            tx.put(EcrKinds.LIFECYCLE_PREVIEW, name, Json.text(preview), version);
            return null;
        });
        ObjectNode out = Json.object();
        out.put("registryId", registry.id());
        out.put("repositoryName", name);
        out.put("lifecyclePolicyText", text);
        out.put("status", "COMPLETE");
        return out;
    }

    JsonNode getLifecyclePolicyPreview(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        repositories.require(name);
        ObjectNode preview = store.get(EcrKinds.LIFECYCLE_PREVIEW, name).map(Json::body).orElseThrow(() ->
                new ApiException(EcrErrors.LIFECYCLE_POLICY_PREVIEW_NOT_FOUND, "There is no dry run for the "
                        + "repository with name '" + name + "' in the registry with id '" + registry.id() + "'"));
        String tagStatus = input.path("filter").path("tagStatus").asText("ANY");
        Set<String> digests = new HashSet<>();
        Set<String> tags = new HashSet<>();
        input.path("imageIds").forEach(id -> {
            if (id.has("imageDigest")) {
                digests.add(id.path("imageDigest").asText());
            }
            if (id.has("imageTag")) {
                tags.add(id.path("imageTag").asText());
            }
        });
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode result : preview.path("results")) {
            boolean tagged = !result.path("imageTags").isEmpty();
            if ((tagStatus.equals("TAGGED") && !tagged) || (tagStatus.equals("UNTAGGED") && tagged)) {
                continue;
            }
            if ((!digests.isEmpty() || !tags.isEmpty()) && !digests.contains(result.path("imageDigest").asText())
                    && !containsAny(result.path("imageTags"), tags)) {
                continue;
            }
            matching.add(result);
        }
        int limit = input.has("maxResults") ? input.path("maxResults").asInt() : 100;
        String after = PageToken.decode("GetLifecyclePolicyPreview", input.path("nextToken").asText(null));
        int start = after == null ? 0 : Integer.parseInt(after);
        ObjectNode out = Json.object();
        out.put("registryId", registry.id());
        out.put("repositoryName", name);
        out.put("lifecyclePolicyText", preview.path("lifecyclePolicyText").asText());
        out.put("status", preview.path("status").asText());
        ArrayNode results = out.putArray("previewResults");
        for (JsonNode result : matching.subList(Math.min(start, matching.size()), Math.min(matching.size(), start + limit))) {
            ObjectNode rendered = Json.object();
            rendered.set("imageTags", result.path("imageTags").isMissingNode() ? Json.object().arrayNode()
                    : result.path("imageTags"));
            rendered.put("imageDigest", result.path("imageDigest").asText());
            rendered.set("imagePushedAt", AwsJson.epochSeconds(Instant.ofEpochMilli(result.path("imagePushedAt").asLong())));
            rendered.putObject("action").put("type", "EXPIRE");
            rendered.put("appliedRulePriority", result.path("appliedRulePriority").asInt());
            results.add(rendered);
        }
        if (start + limit < matching.size()) {
            out.put("nextToken", PageToken.encode("GetLifecyclePolicyPreview", String.valueOf(start + limit)));
        }
        out.putObject("summary").put("expiringImageTotalCount", preview.path("results").size());
        return out;
    }

    private static boolean containsAny(JsonNode array, Set<String> values) {
        for (JsonNode value : array) {
            if (values.contains(value.asText())) {
                return true;
            }
        }
        return false;
    }

    /** What a policy expires in a repository now. */
    static List<Expiry> evaluate(Store store, String repository, LifecyclePolicy policy, Instant now) {
        List<ImageCandidate> candidates = ImageOperations.images(store, repository).stream()
                .map(image -> new ImageCandidate(image.digest(), image.tags(), image.pushedAt())).toList();
        return LifecycleEvaluator.evaluate(policy, candidates, now);
    }
}
