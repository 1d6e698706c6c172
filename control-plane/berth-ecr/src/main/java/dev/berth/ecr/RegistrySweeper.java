package dev.berth.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ecs.common.Json;
import dev.berth.ecs.controller.Controller;
import dev.berth.ecr.lifecycle.Expiry;
import dev.berth.ecr.lifecycle.LifecyclePolicy;
import dev.berth.registry.blob.BlobEntry;
import dev.berth.registry.blob.BlobStore;
import dev.berth.registry.blob.Digest;
import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies lifecycle policies and collects garbage, in that order, so that the blobs of the images
 * a policy expires are freed in the same pass (once the grace period has passed).
 *
 * <p>Garbage collection is safe while pushes are in flight:
 * <ul>
 *   <li>A blob link is removed only when no image of its repository references it and it was linked
 *       longer ago than the grace period; the check and the removal are one store transaction, and
 *       storing a manifest checks its links in one too. Store writes are serialised, so a manifest
 *       either lands first (and the link is kept) or finds its blob unlinked (MANIFEST_BLOB_UNKNOWN:
 *       the client pushes the blob again).</li>
 *   <li>A blob file is deleted only when no repository links it, checked under the digest's lock,
 *       which publishing an upload and mounting also hold while they link.</li>
 *   <li>Uploads in progress live apart from blobs and are purged only after a day without finishing.</li>
 * </ul>
 */
public final class RegistrySweeper implements Controller {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySweeper.class);
    static final Duration ABANDONED_UPLOAD = Duration.ofDays(1);
    private final Store store;
    private final BlobStore blobs;
    private final EcrSettings settings;
    private final AtomicBoolean requested = new AtomicBoolean(true);
    private Instant lastSweep = Instant.MIN;

    RegistrySweeper(Store store, BlobStore blobs, EcrSettings settings) {
        this.store = store;
        this.blobs = blobs;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "registry-sweeper";
    }

    /** Short, so that a requested sweep starts soon; a full sweep runs only when due or requested. */
    @Override
    public Duration interval() {
        return settings.sweepInterval().compareTo(Duration.ofSeconds(1)) < 0 ? settings.sweepInterval()
                : Duration.ofSeconds(1);
    }

    /** Asks for a sweep at the next pass (a policy was just put). */
    void request() {
        requested.set(true);
    }

    @Override
    public void pass(Instant now) {
        if (!requested.getAndSet(false) && now.isBefore(lastSweep.plus(settings.sweepInterval()))) {
            return;
        }
        lastSweep = now;
        sweep(now);
    }

    /** One full sweep: policies, then unreferenced links, then unlinked blob files, then abandoned uploads. */
    public SweepResult sweep(Instant now) {
        int expired = 0;
        int unlinked = 0;
        List<Record> repositories = new ArrayList<>();
        ListQuery.all(EcrKinds.REPOSITORY, 500).scan(store::list, repositories::add);
        for (Record repository : repositories) {
            // plain reads decide whether a repository needs a write transaction at all
            if (Json.body(repository).hasNonNull("lifecyclePolicyText")) {
                expired += applyPolicy(repository.id(), now);
            }
            if (!unreferenced(store::list, repository.id(), now).isEmpty()) {
                unlinked += unlinkUnreferenced(repository.id(), now);
            }
        }
        int deleted = 0;
        long freed = 0;
        try {
            Instant cutoff = now.minus(settings.gcGrace());
            for (BlobEntry blob : blobs.list()) {
                if (blob.modifiedAt().isBefore(cutoff) || blob.modifiedAt().equals(cutoff)) {
                    if (blobs.deleteIf(blob.digest(), () -> !linkedAnywhere(blob.digest()))) {
                        deleted++;
                        freed += blob.size();
                    }
                }
            }
            blobs.purgeUploads(now.minus(ABANDONED_UPLOAD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (expired + unlinked + deleted > 0) {
            LOG.info("registry sweep: {} images expired, {} blob links removed, {} blobs deleted ({} bytes)",
                    expired, unlinked, deleted, freed);
        }
        return new SweepResult(expired, unlinked, deleted, freed);
    }

    /** What a sweep did. */
    public record SweepResult(int imagesExpired, int linksRemoved, int blobsDeleted, long bytesFreed) {
    }

    private int applyPolicy(String repository, Instant now) {
        return store.writeRetrying(3, tx -> {
            Record record = tx.get(EcrKinds.REPOSITORY, repository).orElse(null);
            if (record == null || !Json.body(record).hasNonNull("lifecyclePolicyText")) {
                return 0;
            }
            ObjectNode body = Json.body(record);
            LifecyclePolicy policy;
            try {
                policy = LifecyclePolicy.parse(body.path("lifecyclePolicyText").asText());
            } catch (RuntimeException e) {
                LOG.warn("the lifecycle policy of {} no longer parses; skipped: {}", repository, e.getMessage());
                return 0;
            }
            // read while this transaction holds the write lock: no push can land between evaluation and deletion
            List<Expiry> expiries = LifecyclePolicyOperations.evaluate(store, repository, policy, now);
            for (Expiry expiry : expiries) {
                StoreRegistryIndex.deleteImage(tx, repository, expiry.digest());
            }
            body.put("lifecycleEvaluatedAt", now.toEpochMilli());
            tx.put(EcrKinds.REPOSITORY, repository, Json.text(body), record.version());
            return expiries.size();
        });
    }

    /** Checked again, and removed, in one transaction: see the class comment. */
    private int unlinkUnreferenced(String repository, Instant now) {
        return store.writeRetrying(3, tx -> {
            List<Record> doomed = unreferenced(tx::list, repository, now);
            doomed.forEach(link -> tx.delete(EcrKinds.BLOB, link.id(), link.version()));
            return doomed.size();
        });
    }

    /** A repository's blob links that no image of it references and that are older than the grace period. */
    private List<Record> unreferenced(Function<ListQuery, List<Record>> list, String repository, Instant now) {
        long cutoff = now.minus(settings.gcGrace()).toEpochMilli();
        Set<String> referenced = new HashSet<>();
        ListQuery.prefix(EcrKinds.IMAGE, repository + "@", 500).scan(list, image -> {
            for (JsonNode blob : Json.body(image).path("blobs")) {
                referenced.add(blob.asText());
            }
        });
        String prefix = repository + "#";
        List<Record> doomed = new ArrayList<>();
        ListQuery.prefix(EcrKinds.BLOB, prefix, 500).scan(list, link -> {
            if (!referenced.contains(link.id().substring(prefix.length()))
                    && Json.body(link).path("linkedAt").asLong() <= cutoff) {
                doomed.add(link);
            }
        });
        return doomed;
    }

    private boolean linkedAnywhere(Digest digest) {
        return !store.list(ListQuery.all(EcrKinds.BLOB, 1).withIndexKey(digest.toString())).isEmpty();
    }
}
