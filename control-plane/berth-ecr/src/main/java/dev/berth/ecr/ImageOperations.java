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
import dev.berth.registry.blob.Digest;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.manifest.Manifest;
import dev.berth.registry.manifest.ManifestInvalidException;
import dev.berth.registry.manifest.ManifestParser;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ListImages, DescribeImages, BatchGetImage, BatchDeleteImage, PutImage. */
final class ImageOperations {
    private final Store store;
    private final Registry registry;
    private final RepositoryOperations repositories;
    private final StoreRegistryIndex index;

    ImageOperations(Store store, Registry registry, RepositoryOperations repositories, StoreRegistryIndex index) {
        this.store = store;
        this.registry = registry;
        this.repositories = repositories;
        this.index = index;
    }

    /** An image with its tags, as listings and lifecycle rules see it. */
    record ImageView(Record record, ObjectNode body, List<String> tags) {
        String digest() {
            return body.path("digest").asText();
        }

        Instant pushedAt() {
            return Instant.ofEpochMilli(body.path("pushedAt").asLong());
        }
    }

    /** Every image of a repository with its tags, in digest order. */
    static List<ImageView> images(Store store, String repository) {
        Map<String, List<String>> tagsByDigest = new LinkedHashMap<>();
        StoreRegistryIndex.tagsOf(store::list, repository).forEach((tag, record) ->
                tagsByDigest.computeIfAbsent(Json.body(record).path("digest").asText(), d -> new ArrayList<>()).add(tag));
        List<ImageView> images = new ArrayList<>();
        ListQuery.prefix(EcrKinds.IMAGE, repository + "@", 500).scan(store::list, record -> {
            ObjectNode body = Json.body(record);
            images.add(new ImageView(record, body, tagsByDigest.getOrDefault(body.path("digest").asText(), List.of())));
        });
        return images;
    }

    private List<ImageView> filtered(String repository, JsonNode filter) {
        String tagStatus = filter.path("tagStatus").asText("ANY");
        return images(store, repository).stream().filter(image -> switch (tagStatus) {
            case "TAGGED" -> !image.tags().isEmpty();
            case "UNTAGGED" -> image.tags().isEmpty();
            default -> true;
        }).toList();
    }

    JsonNode listImages(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        repositories.require(name);
        int limit = input.has("maxResults") ? input.path("maxResults").asInt() : 100;
        List<ImageView> images = page(filtered(name, input.path("filter")), "ListImages", input, limit);
        ObjectNode out = Json.object();
        ArrayNode ids = out.putArray("imageIds");
        for (ImageView image : images.subList(0, Math.min(limit, images.size()))) {
            if (image.tags().isEmpty()) {
                ids.addObject().put("imageDigest", image.digest());
            }
            image.tags().forEach(tag -> ids.addObject().put("imageDigest", image.digest()).put("imageTag", tag));
        }
        nextToken(out, "ListImages", images, limit);
        return out;
    }

    JsonNode describeImages(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        repositories.require(name);
        ObjectNode out = Json.object();
        ArrayNode details = out.putArray("imageDetails");
        if (input.has("imageIds")) {
            List<ImageView> all = images(store, name);
            for (JsonNode id : input.path("imageIds")) {
                ImageView image = resolve(all, id).orElseThrow(() -> new ApiException(EcrErrors.IMAGE_NOT_FOUND,
                        "The image with imageId " + describe(id) + " does not exist within the repository with name '"
                                + name + "' in the registry with id '" + registry.id() + "'"));
                details.add(detail(name, image));
            }
            return out;
        }
        int limit = input.has("maxResults") ? input.path("maxResults").asInt() : 100;
        List<ImageView> images = page(filtered(name, input.path("filter")), "DescribeImages", input, limit);
        images.subList(0, Math.min(limit, images.size())).forEach(image -> details.add(detail(name, image)));
        nextToken(out, "DescribeImages", images, limit);
        return out;
    }

    private ObjectNode detail(String repository, ImageView image) {
        ObjectNode detail = Json.object();
        detail.put("registryId", registry.id());
        detail.put("repositoryName", repository);
        detail.put("imageDigest", image.digest());
        if (!image.tags().isEmpty()) {
            image.tags().forEach(detail.putArray("imageTags")::add);
        }
        detail.put("imageSizeInBytes", image.body().path("size").asLong());
        detail.set("imagePushedAt", AwsJson.epochSeconds(image.pushedAt()));
        detail.put("imageManifestMediaType", image.body().path("mediaType").asText());
        if (image.body().has("artifactType")) {
            detail.put("artifactMediaType", image.body().path("artifactType").asText());
        }
        if (image.body().has("lastPulledAt")) {
            detail.set("lastRecordedPullTime",
                    AwsJson.epochSeconds(Instant.ofEpochMilli(image.body().path("lastPulledAt").asLong())));
        }
        if (image.body().has("subject")) {
            detail.put("subjectManifestDigest", image.body().path("subject").asText());
        }
        detail.put("imageStatus", "ACTIVE");
        return detail;
    }

    JsonNode batchGetImage(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        repositories.require(name);
        List<ImageView> all = images(store, name);
        ObjectNode out = Json.object();
        ArrayNode images = out.putArray("images");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : input.path("imageIds")) {
            Optional<ImageView> image = resolve(all, id);
            if (image.isEmpty()) {
                failure(failures, id, "ImageNotFound", "Requested image not found");
                continue;
            }
            ObjectNode found = images.addObject();
            found.put("registryId", registry.id());
            found.put("repositoryName", name);
            ObjectNode imageId = found.putObject("imageId");
            imageId.put("imageDigest", image.get().digest());
            if (id.has("imageTag")) {
                imageId.put("imageTag", id.path("imageTag").asText());
            }
            found.put("imageManifest", image.get().body().path("manifest").asText());
            found.put("imageManifestMediaType", image.get().body().path("mediaType").asText());
        }
        return out;
    }

    JsonNode batchDeleteImage(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        ObjectNode out = Json.object();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        store.writeRetrying(3, tx -> {
            deleted.removeAll();
            failures.removeAll();
            repositories.require(tx, name);
            for (JsonNode id : input.path("imageIds")) {
                deleteOne(tx, name, id, deleted, failures);
            }
            return null;
        });
        return out;
    }

    private void deleteOne(Transaction tx, String name, JsonNode id, ArrayNode deleted, ArrayNode failures) {
        if (!id.has("imageDigest") && !id.has("imageTag")) {
            failure(failures, id, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null");
            return;
        }
        String reference = id.has("imageDigest") ? id.path("imageDigest").asText() : id.path("imageTag").asText();
        Optional<Record> image = StoreRegistryIndex.image(tx::get, name, reference);
        if (image.isEmpty() || (id.has("imageDigest") && id.has("imageTag") && !tagPointsAt(tx, name,
                id.path("imageTag").asText(), id.path("imageDigest").asText()))) {
            failure(failures, id, "ImageNotFound", "Requested image not found");
            return;
        }
        String digest = Json.body(image.get()).path("digest").asText();
        if (referencedByIndex(tx, name, digest)) {
            failure(failures, id, "ImageReferencedByManifestList",
                    "Requested image is referenced by an image index in the repository");
            return;
        }
        if (id.has("imageDigest")) {
            List<String> tags = StoreRegistryIndex.deleteImage(tx, name, digest).orElseThrow();
            if (tags.isEmpty()) {
                deleted.addObject().put("imageDigest", digest);
            }
            tags.forEach(tag -> deleted.addObject().put("imageDigest", digest).put("imageTag", tag));
            return;
        }
        // by tag: the tag goes, and the image with it when it was the last (ECR's rule)
        String tag = id.path("imageTag").asText();
        Record tagRecord = tx.get(EcrKinds.TAG, EcrKinds.tagId(name, tag)).orElseThrow();
        tx.delete(EcrKinds.TAG, tagRecord.id(), tagRecord.version());
        if (StoreRegistryIndex.tagsOf(tx::list, name).values().stream()
                .noneMatch(other -> Json.body(other).path("digest").asText().equals(digest))) {
            StoreRegistryIndex.deleteImage(tx, name, digest);
        }
        deleted.addObject().put("imageDigest", digest).put("imageTag", tag);
    }

    private static boolean tagPointsAt(Transaction tx, String name, String tag, String digest) {
        return tx.get(EcrKinds.TAG, EcrKinds.tagId(name, tag))
                .map(record -> Json.body(record).path("digest").asText().equals(digest)).orElse(false);
    }

    private static boolean referencedByIndex(Transaction tx, String name, String digest) {
        boolean[] referenced = {false};
        ListQuery.prefix(EcrKinds.IMAGE, name + "@", 500).scan(tx::list, record -> {
            for (JsonNode child : Json.body(record).path("children")) {
                referenced[0] |= child.asText().equals(digest);
            }
        });
        return referenced[0];
    }

    JsonNode putImage(RequestContext context, ObjectNode input) {
        String name = input.path("repositoryName").asText();
        String text = input.path("imageManifest").asText();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        if (input.has("imageDigest") && !input.path("imageDigest").asText().equals(digest.toString())) {
            throw new ApiException(EcrErrors.IMAGE_DIGEST_DOES_NOT_MATCH, "The image digest " + input.path("imageDigest")
                    .asText() + " does not match the digest of the manifest, " + digest);
        }
        Manifest manifest;
        try {
            manifest = ManifestParser.parse(bytes, input.path("imageManifestMediaType").asText(null));
        } catch (ManifestInvalidException e) {
            throw EcrErrors.invalidParameter("imageManifest: " + e.getMessage());
        }
        String tag = input.path("imageTag").asText(null);
        try {
            store.writeRetrying(3, tx -> {
                Record repository = repositories.require(tx, name);
                if (tag != null && tagPointsAt(tx, name, tag, digest.toString())) {
                    throw new ApiException(EcrErrors.IMAGE_ALREADY_EXISTS, "Image with digest '" + digest
                            + "' and tag '" + tag + "' already exists in the repository with name '" + name
                            + "' in registry with id '" + registry.id() + "'");
                }
                index.storeImage(tx, repository, tag, digest, manifest.mediaType(), text, manifest);
                return null;
            });
        } catch (RegistryException e) {
            throw switch (e.error()) {
                case TAG_INVALID -> new ApiException(EcrErrors.IMAGE_TAG_ALREADY_EXISTS, e.getMessage());
                case MANIFEST_BLOB_UNKNOWN -> manifest.isIndex()
                        ? new ApiException(EcrErrors.REFERENCED_IMAGES_NOT_FOUND, e.getMessage())
                        : new ApiException(EcrErrors.LAYERS_NOT_FOUND, e.getMessage());
                default -> EcrErrors.invalidParameter(e.getMessage());
            };
        }
        ObjectNode out = Json.object();
        ObjectNode image = out.putObject("image");
        image.put("registryId", registry.id());
        image.put("repositoryName", name);
        ObjectNode imageId = image.putObject("imageId");
        imageId.put("imageDigest", digest.toString());
        if (tag != null) {
            imageId.put("imageTag", tag);
        }
        image.put("imageManifest", text);
        image.put("imageManifestMediaType", manifest.mediaType());
        return out;
    }

    private static Optional<ImageView> resolve(List<ImageView> images, JsonNode id) {
        String digest = id.path("imageDigest").asText(null);
        String tag = id.path("imageTag").asText(null);
        if (digest == null && tag == null) {
            return Optional.empty();
        }
        return images.stream().filter(image -> (digest == null || image.digest().equals(digest))
                && (tag == null || image.tags().contains(tag))).findFirst();
    }

    private static String describe(JsonNode id) {
        return "{imageDigest:'" + id.path("imageDigest").asText("null") + "', imageTag:'"
                + id.path("imageTag").asText("null") + "'}";
    }

    private static void failure(ArrayNode failures, JsonNode id, String code, String reason) {
        ObjectNode failure = failures.addObject();
        failure.set("imageId", id);
        failure.put("failureCode", code);
        failure.put("failureReason", reason);
    }

    private static List<ImageView> page(List<ImageView> images, String operation, ObjectNode input, int limit) {
        String after = PageToken.decode(operation, input.path("nextToken").asText(null));
        int start = 0;
        if (after != null) {
            while (start < images.size() && images.get(start).record().id().compareTo(after) <= 0) {
                start++;
            }
        }
        return images.subList(start, Math.min(images.size(), start + limit + 1));
    }

    private static void nextToken(ObjectNode out, String operation, List<ImageView> page, int limit) {
        if (page.size() > limit) {
            out.put("nextToken", PageToken.encode(operation, page.get(limit - 1).record().id()));
        }
    }
}
