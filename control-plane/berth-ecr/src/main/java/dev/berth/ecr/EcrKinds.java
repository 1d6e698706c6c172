package dev.berth.ecr;

/**
 * The record kinds the registry is stored as. A repository name never contains {@code @},
 * {@code :} or {@code #}, so {@code name@}, {@code name:} and {@code name#} are prefixes that
 * find one repository's images, tags and blobs and nothing of a repository whose name extends it.
 * Times are epoch milliseconds.
 */
public final class EcrKinds {
    /**
     * id: repository name. Body: {@code repositoryName, createdAt, imageTagMutability,
     * imageScanningConfiguration, encryptionConfiguration, tags [{Key, Value}]}, and when a policy is
     * set {@code lifecyclePolicyText, lifecyclePolicyUpdatedAt}.
     */
    public static final String REPOSITORY = "ecr.repository";
    /**
     * id: {@code name@digest}. Body: {@code digest, mediaType, artifactType?, manifest} (the exact
     * bytes as a UTF-8 string), {@code manifestSize, size} (imageSizeInBytes: the manifest's blobs),
     * {@code pushedAt, lastPulledAt?, subject?} (a digest), {@code blobs} (digests of config and
     * layers) and {@code children} (digests of an index's manifests). Created with index key
     * {@code name@subjectDigest} when the manifest has a subject, so the referrers API is one lookup.
     */
    public static final String IMAGE = "ecr.image";
    /** id: {@code name:tag}. Body: {@code digest, taggedAt}. */
    public static final String TAG = "ecr.tag";
    /** id: {@code name#digest}: a blob pushed to or mounted into the repository. Body: {@code size, linkedAt}. */
    public static final String BLOB = "ecr.blob";
    /** id: {@code name}: the latest lifecycle policy preview. Body: {@code status, results, at}. */
    public static final String LIFECYCLE_PREVIEW = "ecr.lifecycle-preview";
    /** id: {@code token-key}: the HMAC key authorization tokens are signed with, shared by every replica. */
    public static final String SECRET = "ecr.secret";

    private EcrKinds() {
    }

    public static String imageId(String repository, String digest) {
        return repository + "@" + digest;
    }

    public static String tagId(String repository, String tag) {
        return repository + ":" + tag;
    }

    public static String blobId(String repository, String digest) {
        return repository + "#" + digest;
    }
}
