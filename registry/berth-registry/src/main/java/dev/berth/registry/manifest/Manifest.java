package dev.berth.registry.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed image manifest or index.
 *
 * @param mediaType one of {@link MediaTypes#ALL}
 * @param config the image's config (null for an index)
 * @param layers the image's layers (empty for an index)
 * @param manifests an index's children (empty for a manifest)
 * @param subject the manifest this one refers to (OCI 1.1 referrers), or null
 * @param artifactType the manifest's own artifactType, or null
 * @param annotations the manifest's annotations (empty when none)
 */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers, List<Descriptor> manifests,
                       Descriptor subject, String artifactType, Map<String, String> annotations) {
    public Manifest {
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
        annotations = Map.copyOf(annotations);
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** The blobs the repository must have for this manifest: config and layers. */
    public List<Descriptor> blobs() {
        List<Descriptor> blobs = new ArrayList<>();
        if (config != null) {
            blobs.add(config);
        }
        blobs.addAll(layers);
        return blobs;
    }

    /**
     * The artifact type the referrers API reports: the manifest's {@code artifactType}, else its
     * config's media type (the distribution spec's rule for image manifests: "empty or missing"), else
     * null for an index.
     */
    public String referrerArtifactType() {
        if (artifactType != null && !artifactType.isEmpty()) {
            return artifactType;
        }
        return config == null ? null : config.mediaType();
    }
}
