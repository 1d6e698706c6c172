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
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability. */
final class RepositoryOperations {
    private static final int MAX_TAGS = 50;
    private final Store store;
    private final Registry registry;

    RepositoryOperations(Store store, Registry registry) {
        this.store = store;
        this.registry = registry;
    }

    JsonNode createRepository(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        ObjectNode body = Json.object();
        body.put("repositoryName", name);
        body.put("createdAt", context.receivedAt().toEpochMilli());
        body.put("imageTagMutability", input.path("imageTagMutability").asText("MUTABLE"));
        if (input.path("imageTagMutability").asText("MUTABLE").endsWith("_WITH_EXCLUSION")) {
            throw EcrErrors.invalidParameter("imageTagMutability: Berth supports MUTABLE and IMMUTABLE; "
                    + "exclusion filters are not supported.");
        }
        ObjectNode scanning = body.putObject("imageScanningConfiguration");
        scanning.put("scanOnPush", input.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false));
        ObjectNode encryption = body.putObject("encryptionConfiguration");
        encryption.put("encryptionType", input.path("encryptionConfiguration").path("encryptionType").asText("AES256"));
        body.set("tags", tags(input.path("tags")));
        store.write(tx -> {
            if (tx.get(EcrKinds.REPOSITORY, name).isPresent()) {
                throw new ApiException(EcrErrors.REPOSITORY_ALREADY_EXISTS, "The repository with name '" + name
                        + "' already exists in the registry with id '" + registry.id() + "'");
            }
            tx.put(EcrKinds.REPOSITORY, name, Json.text(body), 0);
            return null;
        });
        ObjectNode out = Json.object();
        out.set("repository", render(context, body));
        return out;
    }

    private static ArrayNode tags(JsonNode given) {
        ArrayNode tags = Json.object().arrayNode();
        Set<String> keys = new HashSet<>();
        for (JsonNode tag : given) {
            String key = tag.path("Key").asText();
            if (!keys.add(key)) {
                throw new ApiException(EcrErrors.INVALID_TAG_PARAMETER, "tags: the key '" + key + "' appears twice");
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            throw new ApiException(EcrErrors.TOO_MANY_TAGS, "tags: at most " + MAX_TAGS + " tags, not " + tags.size());
        }
        return tags;
    }

    JsonNode describeRepositories(RequestContext context, ObjectNode input) {
        ArrayNode repositories = Json.object().arrayNode();
        ObjectNode out = Json.object();
        if (input.has("repositoryNames")) {
            if (input.has("nextToken") || input.has("maxResults")) {
                throw EcrErrors.invalidParameter("repositoryNames cannot be combined with nextToken or maxResults.");
            }
            for (JsonNode name : input.path("repositoryNames")) {
                repositories.add(render(context, Json.body(require(name.asText()))));
            }
        } else {
            int limit = input.has("maxResults") ? input.path("maxResults").asInt() : 1000;
            String after = PageToken.decode("DescribeRepositories", input.path("nextToken").asText(null));
            List<Record> page = store.list(new ListQuery(EcrKinds.REPOSITORY, "", after, limit + 1, false));
            for (Record record : page.subList(0, Math.min(limit, page.size()))) {
                repositories.add(render(context, Json.body(record)));
            }
            if (page.size() > limit) {
                out.put("nextToken", PageToken.encode("DescribeRepositories", page.get(limit - 1).id()));
            }
        }
        out.set("repositories", repositories);
        return out;
    }

    JsonNode deleteRepository(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        boolean force = input.path("force").asBoolean(false);
        ObjectNode body = store.write(tx -> {
            Record repository = require(tx, name);
            List<Record> images = tx.list(ListQuery.prefix(EcrKinds.IMAGE, name + "@", 1));
            if (!images.isEmpty() && !force) {
                throw new ApiException(EcrErrors.REPOSITORY_NOT_EMPTY, "The repository with name '" + name
                        + "' in registry with id '" + registry.id()
                        + "' cannot be deleted because it still contains images");
            }
            for (String kind : List.of(EcrKinds.TAG, EcrKinds.IMAGE, EcrKinds.BLOB)) {
                String separator = kind.equals(EcrKinds.TAG) ? ":" : kind.equals(EcrKinds.IMAGE) ? "@" : "#";
                List<Record> doomed = new ArrayList<>();
                ListQuery.prefix(kind, name + separator, 500).scan(tx::list, doomed::add);
                doomed.forEach(record -> tx.delete(kind, record.id(), record.version()));
            }
            tx.get(EcrKinds.LIFECYCLE_PREVIEW, name).ifPresent(preview ->
                    tx.delete(EcrKinds.LIFECYCLE_PREVIEW, name, preview.version()));
            tx.delete(EcrKinds.REPOSITORY, name, repository.version());
            return Json.body(repository);
        });
        ObjectNode out = Json.object();
        out.set("repository", render(context, body));
        return out;
    }

    JsonNode putImageTagMutability(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        String mutability = input.path("imageTagMutability").asText();
        if (!mutability.equals("MUTABLE") && !mutability.equals("IMMUTABLE")) {
            throw EcrErrors.invalidParameter("imageTagMutability: Berth supports MUTABLE and IMMUTABLE; "
                    + "exclusion filters are not supported.");
        }
        store.writeRetrying(3, tx -> {
            Record repository = require(tx, name);
            ObjectNode body = Json.body(repository);
            body.put("imageTagMutability", mutability);
            tx.put(EcrKinds.REPOSITORY, name, Json.text(body), repository.version());
            return null;
        });
        ObjectNode out = Json.object();
        out.put("registryId", registry.id());
        out.put("repositoryName", name);
        out.put("imageTagMutability", mutability);
        return out;
    }

    Record require(String name) {
        return store.get(EcrKinds.REPOSITORY, name).orElseThrow(() ->
                EcrErrors.repositoryNotFound(name, registry.id()));
    }

    Record require(Transaction tx, String name) {
        return tx.get(EcrKinds.REPOSITORY, name).orElseThrow(() ->
                EcrErrors.repositoryNotFound(name, registry.id()));
    }

    private ObjectNode render(RequestContext context, ObjectNode body) {
        String name = body.path("repositoryName").asText();
        ObjectNode out = Json.object();
        out.put("repositoryArn", "arn:aws:ecr:" + context.region() + ":" + registry.id() + ":repository/" + name);
        out.put("registryId", registry.id());
        out.put("repositoryName", name);
        out.put("repositoryUri", registry.host().get() + "/" + name);
        out.set("createdAt", AwsJson.epochSeconds(Instant.ofEpochMilli(body.path("createdAt").asLong())));
        out.put("imageTagMutability", body.path("imageTagMutability").asText());
        out.set("imageScanningConfiguration", body.path("imageScanningConfiguration"));
        out.set("encryptionConfiguration", body.path("encryptionConfiguration"));
        return out;
    }
}
