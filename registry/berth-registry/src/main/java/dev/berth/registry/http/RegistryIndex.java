package dev.berth.registry.http;

import dev.berth.registry.blob.Digest;
import dev.berth.registry.manifest.Descriptor;
import dev.berth.registry.manifest.Manifest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the registry knows besides blob bytes: which repositories exist, which blobs each may
 * serve, and the manifests and tags pushed to it. Implemented over the store (ECR's records);
 * thread-safe.
 */
public interface RegistryIndex {
    /** Whether the repository exists: pushes go only to repositories created first, as on ECR. */
    boolean repositoryExists(String repository);

    /** The size of a blob the repository may serve (pushed or mounted into it), or empty. */
    OptionalLong blobSize(String repository, Digest digest);

    /** Records that the repository may serve a published blob. Idempotent. */
    void linkBlob(String repository, Digest digest, long size);

    /** @return whether the repository had the blob */
    boolean unlinkBlob(String repository, Digest digest);

    /**
     * A manifest by tag or digest.
     *
     * @param recordPull whether this is a pull (GET or HEAD) to note as the image's last pull time
     */
    Optional<StoredManifest> manifest(String repository, String reference, boolean recordPull);

    /**
     * Stores a manifest and, when given, points the tag at it.
     *
     * @param tag the tag it was pushed by, or null when pushed by digest
     * @throws RegistryException MANIFEST_BLOB_UNKNOWN when a blob or child manifest it references is not in
     *     the repository; TAG_INVALID when the tag exists on another image and tags are immutable
     */
    void putManifest(String repository, String tag, Digest digest, String mediaType, byte[] body, Manifest manifest);

    /** Deletes an image and every tag on it. @return whether it existed */
    boolean deleteManifest(String repository, Digest digest);

    /** @return whether the tag existed */
    boolean deleteTag(String repository, String tag);

    /** Tags in lexical order after {@code after} (null: from the start), at most {@code limit}. */
    List<String> tags(String repository, String after, int limit);

    /** Descriptors of the manifests whose subject is {@code subject}, optionally only of one artifact type. */
    List<Descriptor> referrers(String repository, Digest subject, String artifactType);
}
