package dev.berth.ecr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.Json;
import dev.berth.registry.blob.Digest;
import dev.berth.registry.http.RegistryError;
import dev.berth.registry.http.RegistryException;
import dev.berth.registry.http.RegistryIndex;
import dev.berth.registry.http.StoredManifest;
import dev.berth.registry.manifest.Descriptor;
import dev.berth.registry.manifest.Manifest;
import dev.berth.store.ConflictException;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import dev.berth.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's index over the store: blob links, images and tags as ECR records
 * ({@link EcrKinds}). A manifest is stored in the same transaction that checks its blobs are linked,
 * and store writes are serialised, so garbage collection (which unlinks in a transaction of its
 * own, after checking no image references the blob) can never unlink a blob an image was just
 * stored with.
 */
public final class StoreRegistryIndex implements RegistryIndex {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRegistryIndex.class);
    private static final int ATTEMPTS = 5;
    /**
     * How stale lastRecordedPullTime may get. ECR itself refreshes it "at least once every 24 hours";
     * a minute keeps it useful for a person looking while writing once per image per minute at most.
     */
    static final Duration PULL_RECORDING = Duration.ofMinutes(1);
    private final Store store;
    private final Clock clock;

    public StoreRegistryIndex(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean repositoryExists(String repository) {
        return store.get(EcrKinds.REPOSITORY, repository).isPresent();
    }

    @Override
    public OptionalLong blobSize(String repository, Digest digest) {
        return store.get(EcrKinds.BLOB, EcrKinds.blobId(repository, digest.toString()))
                .map(record -> OptionalLong.of(Json.body(record).path("size").asLong()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public void linkBlob(String repository, Digest digest, long size) {
        String id = EcrKinds.blobId(repository, digest.toString());
        store.writeRetrying(ATTEMPTS, tx -> {
            if (tx.get(EcrKinds.REPOSITORY, repository).isEmpty()) {
                throw new RegistryException(RegistryError.NAME_UNKNOWN, "the repository '" + repository
                        + "' was deleted during the upload", repository);
            }
            ObjectNode body = Json.object();
            body.put("size", size);
            body.put("linkedAt", clock.millis());
            Optional<Record> existing = tx.get(EcrKinds.BLOB, id);
            // a re-link restarts the garbage-collection grace period: a push is under way again
            tx.put(EcrKinds.BLOB, id, Json.text(body), existing.map(Record::version).orElse(0L), digest.toString());
            return null;
        });
    }

    @Override
    public boolean unlinkBlob(String repository, Digest digest) {
        return deleteIfPresent(EcrKinds.BLOB, EcrKinds.blobId(repository, digest.toString()));
    }

    /** @return whether there was such a record */
    private boolean deleteIfPresent(String kind, String id) {
        return store.writeRetrying(ATTEMPTS, tx -> {
            Optional<Record> existing = tx.get(kind, id);
            existing.ifPresent(record -> tx.delete(kind, id, record.version()));
            return existing.isPresent();
        });
    }

    @Override
    public Optional<StoredManifest> manifest(String repository, String reference, boolean recordPull) {
        Optional<Record> image = image(store::get, repository, reference);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode body = Json.body(image.get());
        if (recordPull && body.path("lastPulledAt").asLong(0) < clock.millis() - PULL_RECORDING.toMillis()) {
            Record pulled = image.get();
            // off the pull's path: a store commit waits for the disk, and the puller does not need it
            Thread.startVirtualThread(() -> recordPull(pulled));
        }
        return Optional.of(new StoredManifest(Digest.parse(body.path("digest").asText()),
                body.path("mediaType").asText(), body.path("manifest").asText().getBytes(StandardCharsets.UTF_8)));
    }

    /** An image by tag or digest. */
    static Optional<Record> image(Reader reader, String repository, String reference) {
        String digest = reference;
        if (!reference.contains(":")) {
            Optional<Record> tag = reader.get(EcrKinds.TAG, EcrKinds.tagId(repository, reference));
            if (tag.isEmpty()) {
                return Optional.empty();
            }
            digest = Json.body(tag.get()).path("digest").asText();
        }
        return reader.get(EcrKinds.IMAGE, EcrKinds.imageId(repository, digest));
    }

    /** A store's or a transaction's {@code get}. */
    @FunctionalInterface
    interface Reader {
        Optional<Record> get(String kind, String id);
    }

    /**
     * ECR's lastRecordedPullTime is approximate; a pull that races another write of the image
     * leaves the time as it was rather than failing anything.
     */
    private void recordPull(Record image) {
        try {
            store.write(tx -> {
                ObjectNode body = Json.body(image);
                body.put("lastPulledAt", clock.millis());
                tx.put(EcrKinds.IMAGE, image.id(), Json.text(body), image.version());
                return null;
            });
        } catch (ConflictException raced) {
            // the other write wins; the next pull records its time
        } catch (RuntimeException e) {
            LOG.warn("could not record a pull of {}: {}", image.id(), e.getMessage());
        }
    }

    @Override
    public void putManifest(String repository, String tag, Digest digest, String mediaType, byte[] bytes,
                            Manifest manifest) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new RegistryException(RegistryError.MANIFEST_INVALID, "the manifest is not valid UTF-8");
        }
        store.writeRetrying(ATTEMPTS, tx -> {
            Record repositoryRecord = tx.get(EcrKinds.REPOSITORY, repository).orElseThrow(() ->
                    new RegistryException(RegistryError.NAME_UNKNOWN, "the repository '" + repository
                            + "' does not exist", repository));
            storeImage(tx, repositoryRecord, tag, digest, mediaType, text, manifest);
            return null;
        });
    }

    /**
     * Stores an image (kept as it was when the same manifest is pushed again: its push time is the
     * first push's) and moves the tag to it. Shared by the registry and ECR's PutImage.
     */
    void storeImage(Transaction tx, Record repositoryRecord, String tag, Digest digest, String mediaType, String text,
                    Manifest manifest) {
        String repository = repositoryRecord.id();
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        List<String> blobs = new ArrayList<>();
        for (Descriptor blob : manifest.blobs()) {
            if (tx.get(EcrKinds.BLOB, EcrKinds.blobId(repository, blob.digest().toString())).isEmpty()) {
                throw new RegistryException(RegistryError.MANIFEST_BLOB_UNKNOWN, "the blob " + blob.digest()
                        + " the manifest references is not in the repository '" + repository + "'",
                        blob.digest().toString());
            }
            blobs.add(blob.digest().toString());
            size += blob.size();
        }
        List<String> children = new ArrayList<>();
        for (Descriptor child : manifest.manifests()) {
            if (tx.get(EcrKinds.IMAGE, EcrKinds.imageId(repository, child.digest().toString())).isEmpty()) {
                throw new RegistryException(RegistryError.MANIFEST_BLOB_UNKNOWN, "the manifest " + child.digest()
                        + " the index references is not in the repository '" + repository + "'",
                        child.digest().toString());
            }
            children.add(child.digest().toString());
        }
        String imageId = EcrKinds.imageId(repository, digest.toString());
        long now = clock.millis();
        if (tx.get(EcrKinds.IMAGE, imageId).isEmpty()) {
            ObjectNode body = Json.object();
            body.put("digest", digest.toString());
            body.put("mediaType", mediaType);
            if (manifest.referrerArtifactType() != null) {
                body.put("artifactType", manifest.referrerArtifactType());
            }
            body.put("manifest", text);
            body.put("manifestSize", text.getBytes(StandardCharsets.UTF_8).length);
            body.put("size", size);
            body.put("pushedAt", now);
            if (manifest.subject() != null) {
                body.put("subject", manifest.subject().digest().toString());
            }
            if (!manifest.annotations().isEmpty()) {
                ObjectNode annotations = body.putObject("annotations");
                manifest.annotations().forEach(annotations::put);
            }
            blobs.forEach(body.putArray("blobs")::add);
            children.forEach(body.putArray("children")::add);
            String subjectKey = manifest.subject() == null ? null
                    : EcrKinds.imageId(repository, manifest.subject().digest().toString());
            tx.put(EcrKinds.IMAGE, imageId, Json.text(body), 0, subjectKey);
        }
        if (tag != null) {
            tagImage(tx, repositoryRecord, tag, digest.toString(), now);
        }
    }

    /** Points a tag at an image, unless tags are immutable and it points elsewhere. */
    static void tagImage(Transaction tx, Record repositoryRecord, String tag, String digest, long now) {
        String repository = repositoryRecord.id();
        String tagId = EcrKinds.tagId(repository, tag);
        Optional<Record> existing = tx.get(EcrKinds.TAG, tagId);
        if (existing.isPresent()) {
            if (Json.body(existing.get()).path("digest").asText().equals(digest)) {
                return;
            }
            if ("IMMUTABLE".equals(Json.body(repositoryRecord).path("imageTagMutability").asText())) {
                throw new RegistryException(RegistryError.TAG_INVALID, "The image tag '" + tag
                        + "' already exists in the '" + repository
                        + "' repository and cannot be overwritten because the repository is immutable.", tag);
            }
        }
        ObjectNode body = Json.object();
        body.put("digest", digest);
        body.put("taggedAt", now);
        tx.put(EcrKinds.TAG, tagId, Json.text(body), existing.map(Record::version).orElse(0L));
    }

    @Override
    public boolean deleteManifest(String repository, Digest digest) {
        return store.writeRetrying(ATTEMPTS, tx -> deleteImage(tx, repository, digest.toString()).isPresent());
    }

    /** Deletes an image and its tags. @return the tags it had, or empty when there was no such image */
    static Optional<List<String>> deleteImage(Transaction tx, String repository, String digest) {
        String imageId = EcrKinds.imageId(repository, digest);
        Optional<Record> image = tx.get(EcrKinds.IMAGE, imageId);
        if (image.isEmpty()) {
            return Optional.empty();
        }
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Record> tag : tagsOf(tx::list, repository).entrySet()) {
            if (Json.body(tag.getValue()).path("digest").asText().equals(digest)) {
                tx.delete(EcrKinds.TAG, tag.getValue().id(), tag.getValue().version());
                removed.add(tag.getKey());
            }
        }
        tx.delete(EcrKinds.IMAGE, imageId, image.get().version());
        return Optional.of(removed);
    }

    /** A repository's tags by name, in lexical order. */
    static Map<String, Record> tagsOf(java.util.function.Function<ListQuery, List<Record>> list, String repository) {
        Map<String, Record> tags = new LinkedHashMap<>();
        String prefix = repository + ":";
        ListQuery.prefix(EcrKinds.TAG, prefix, 500).scan(list, record -> tags.put(record.id().substring(prefix.length()),
                record));
        return tags;
    }

    @Override
    public boolean deleteTag(String repository, String tag) {
        return deleteIfPresent(EcrKinds.TAG, EcrKinds.tagId(repository, tag));
    }

    @Override
    public List<String> tags(String repository, String after, int limit) {
        String prefix = repository + ":";
        ListQuery query = new ListQuery(EcrKinds.TAG, prefix, after == null ? null : prefix + after,
                Math.max(1, Math.min(limit, 10_000)), false);
        return store.list(query).stream().map(record -> record.id().substring(prefix.length())).toList();
    }

    @Override
    public List<Descriptor> referrers(String repository, Digest subject, String artifactType) {
        List<Descriptor> referrers = new ArrayList<>();
        ListQuery.prefix(EcrKinds.IMAGE, repository + "@", 500)
                .withIndexKey(EcrKinds.imageId(repository, subject.toString()))
                .scan(store::list, record -> {
                    ObjectNode body = Json.body(record);
                    String type = Json.string(body, "artifactType");
                    if (artifactType != null && !artifactType.equals(type)) {
                        return;
                    }
                    Map<String, String> annotations = new LinkedHashMap<>();
                    body.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
                    referrers.add(new Descriptor(body.path("mediaType").asText(), Digest.parse(body.path("digest").asText()),
                            body.path("manifestSize").asLong(), type, annotations));
                });
        return referrers;
    }
}
