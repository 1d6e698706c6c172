package dev.berth.registry.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.blob.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest as the image spec and Docker's schema 2 define it, refusing what a registry must
 * not store, with a message that names the field. Lenient where the specs are: unknown members are
 * kept (in the stored bytes) and ignored here.
 */
public final class ManifestParser {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build());

    private ManifestParser() {
    }

    /** @param contentType the request's Content-Type (parameters allowed), or null */
    public static Manifest parse(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new ManifestInvalidException("the manifest is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ManifestInvalidException("the manifest must be a JSON object");
        }
        String declared = contentType == null ? null : contentType.split(";", 2)[0].trim().toLowerCase();
        if (declared != null && declared.isEmpty()) {
            declared = null;
        }
        JsonNode bodyType = root.get("mediaType");
        if (bodyType != null && !bodyType.isTextual()) {
            throw new ManifestInvalidException("mediaType must be a string");
        }
        String mediaType = bodyType == null ? null : bodyType.asText();
        if (isSchema1(mediaType) || isSchema1(declared) || (root.path("schemaVersion").isInt()
                && root.path("schemaVersion").asInt() == 1)) {
            throw new ManifestInvalidException("schema 1 manifests are not supported; push with a current Docker or an "
                    + "OCI tool");
        }
        JsonNode schemaVersion = root.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isIntegralNumber() || schemaVersion.asLong() != 2) {
            throw new ManifestInvalidException("schemaVersion must be 2");
        }
        if (mediaType != null && declared != null && !mediaType.equals(declared)
                && MediaTypes.ALL.contains(declared)) {
            throw new ManifestInvalidException("the manifest's mediaType " + mediaType
                    + " differs from its Content-Type " + declared);
        }
        String type = mediaType != null ? mediaType : declared;
        if (type == null || !MediaTypes.ALL.contains(type)) {
            // OCI lets an image manifest omit mediaType; its shape then says what it is
            if (mediaType == null && root.has("config") && root.has("layers") && !root.has("manifests")) {
                type = MediaTypes.OCI_MANIFEST;
            } else if (mediaType == null && root.has("manifests") && !root.has("config")) {
                type = MediaTypes.OCI_INDEX;
            } else {
                throw new ManifestInvalidException("unsupported manifest media type " + (type == null ? "(none given)" : type)
                        + "; supported: " + String.join(", ", MediaTypes.ALL));
            }
        }
        if (type.startsWith("application/vnd.docker.") && mediaType == null) {
            throw new ManifestInvalidException("mediaType is required in a Docker manifest");
        }
        Descriptor subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
        String artifactType = optionalString(root, "artifactType", "artifactType");
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        if (MediaTypes.isIndex(type)) {
            if (root.has("config") || root.has("layers")) {
                throw new ManifestInvalidException("an index (" + type + ") has manifests, not config or layers");
            }
            return new Manifest(type, null, List.of(), descriptors(root.get("manifests"), "manifests", true), subject,
                    artifactType, annotations);
        }
        if (root.has("manifests")) {
            throw new ManifestInvalidException("an image manifest (" + type + ") has config and layers, not manifests");
        }
        if (!root.has("config")) {
            throw new ManifestInvalidException("config is required");
        }
        Descriptor config = descriptor(root.get("config"), "config");
        List<Descriptor> layers = descriptors(root.get("layers"), "layers", false);
        return new Manifest(type, config, layers, List.of(), subject, artifactType, annotations);
    }

    private static boolean isSchema1(String type) {
        return MediaTypes.DOCKER_SCHEMA1.equals(type) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(type);
    }

    private static List<Descriptor> descriptors(JsonNode array, String field, boolean required) {
        if (array == null || array.isNull()) {
            if (required) {
                throw new ManifestInvalidException(field + " is required");
            }
            return List.of();
        }
        if (!array.isArray()) {
            throw new ManifestInvalidException(field + " must be an array");
        }
        List<Descriptor> descriptors = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            descriptors.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return descriptors;
    }

    private static Descriptor descriptor(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new ManifestInvalidException(field + " must be a descriptor object");
        }
        String mediaType = optionalString(node, "mediaType", field + ".mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            throw new ManifestInvalidException(field + ".mediaType is required");
        }
        String digestText = optionalString(node, "digest", field + ".digest");
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw new ManifestInvalidException(field + ".digest: " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new ManifestInvalidException(field + ".size must be a non-negative integer");
        }
        JsonNode urls = node.get("urls");
        if (urls != null && !urls.isNull()) {
            if (!urls.isArray()) {
                throw new ManifestInvalidException(field + ".urls must be an array of strings");
            }
            urls.forEach(url -> {
                if (!url.isTextual()) {
                    throw new ManifestInvalidException(field + ".urls must be an array of strings");
                }
            });
        }
        return new Descriptor(mediaType, digest, size.asLong(), optionalString(node, "artifactType", field + ".artifactType"),
                annotations(node.get("annotations"), field + ".annotations"));
    }

    private static String optionalString(JsonNode node, String member, String field) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ManifestInvalidException(field + " must be a string");
        }
        return value.asText();
    }

    private static Map<String, String> annotations(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ManifestInvalidException(field + " must be an object of strings");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new ManifestInvalidException(field + "." + entry.getKey() + " must be a string");
            }
            annotations.put(entry.getKey(), entry.getValue().asText());
        });
        return annotations;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
