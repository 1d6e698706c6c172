package dev.berth.registry.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.registry.blob.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a manifest as the image spec and Docker's schema 2 define it, refusing what a registry must
 * not store, with a message that names the field. Lenient where the specs are: unknown members are
 * kept (in the stored bytes) and ignored here, and a JSON null reads as Go's clients mean it (an
 * empty list, an absent object or string), since Go writes most manifests.
 *
 * <p>Stricter than Jackson's defaults wherever a lenient read would store bytes that clients read
 * differently or not at all: the body must be UTF-8 without a byte order mark, hold one JSON value and
 * nothing after it, and name no member twice (parsers disagree on which duplicate wins, so the
 * registry and a client could see different layers under one digest).
 *
 * <p>Pure: safe from any thread, and nothing but {@link ManifestInvalidException} escapes for any input.
 */
public final class ManifestParser {
    /** Real manifests nest four levels; the limit only stops a body built to exhaust the stack. */
    private static final int MAX_DEPTH = 64;
    /** Longest piece of the client's own text quoted back in a message. */
    private static final int SHOWN = 128;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();
    private static final String SCHEMA1 = "schema 1 manifests are not supported; push with a current Docker or an OCI tool";

    private ManifestParser() {
    }

    /**
     * @param body the manifest's bytes, exactly as they will be stored and digested
     * @param contentType the request's Content-Type, parameters allowed, or null
     * @throws ManifestInvalidException naming what is wrong, for anything the registry must not store
     */
    public static Manifest parse(byte[] body, String contentType) {
        String declared = withoutParameters(contentType);
        if (isSchema1(declared)) {
            throw new ManifestInvalidException(SCHEMA1); // before parsing: a signed schema 1 body is not worth reading
        }
        JsonNode root = readObject(body);
        String stated = string(root, "mediaType", "mediaType");
        JsonNode schemaVersion = root.get("schemaVersion");
        if (isSchema1(stated) || isInteger(schemaVersion, 1)) {
            throw new ManifestInvalidException(SCHEMA1);
        }
        if (!isInteger(schemaVersion, 2)) {
            throw new ManifestInvalidException("schemaVersion must be 2");
        }
        String type = mediaType(root, stated, declared);

        Descriptor subject = present(root, "subject") ? descriptor(root.get("subject"), "subject") : null;
        String artifactType = string(root, "artifactType", "artifactType");
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        if (MediaTypes.isIndex(type)) {
            if (present(root, "config") || present(root, "layers")) {
                throw new ManifestInvalidException("an index (" + type + ") has manifests, not config or layers");
            }
            return new Manifest(type, null, List.of(), descriptors(root, "manifests"), subject, artifactType, annotations);
        }
        if (present(root, "manifests")) {
            throw new ManifestInvalidException("an image manifest (" + type + ") has config and layers, not manifests");
        }
        if (!present(root, "config")) {
            throw new ManifestInvalidException("config is required");
        }
        // zero layers is allowed: image-spec 1.1 only says SHOULD for portability (artifacts have none),
        // and neither Docker's schema 2 nor the reference registry refuses an empty list
        return new Manifest(type, descriptor(root.get("config"), "config"), descriptors(root, "layers"), List.of(),
                subject, artifactType, annotations);
    }

    private static JsonNode readObject(byte[] body) {
        String text;
        try {
            // strict decoding: Jackson would guess UTF-16 or UTF-32 from the first bytes, which Go clients cannot read
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestInvalidException("the manifest is not valid UTF-8");
        }
        if (text.isBlank()) {
            throw new ManifestInvalidException("the manifest is empty");
        }
        if (text.charAt(0) == '\uFEFF') {
            throw new ManifestInvalidException("the manifest starts with a byte order mark, which Go clients cannot read");
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(text)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ManifestInvalidException("the manifest is not valid JSON: more follows its value"
                        + where(parser.currentTokenLocation()));
            }
        } catch (ManifestInvalidException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ManifestInvalidException("the manifest is not valid JSON: " + describe(e));
        }
        if (root == null || !root.isObject()) {
            throw new ManifestInvalidException("the manifest must be a JSON object");
        }
        return root;
    }

    /**
     * The body's {@code mediaType} decides, else the Content-Type, else (OCI only) the shape. A
     * Content-Type that is no manifest type ({@code application/json}, curl's form default) says nothing
     * of the manifest, so it neither decides nor conflicts; ECR's PutImage may give none at all.
     */
    private static String mediaType(JsonNode root, String stated, String declared) {
        boolean declaresManifest = declared != null && MediaTypes.ALL.contains(declared);
        if (stated != null) {
            if (declaresManifest && !stated.equals(declared)) {
                throw new ManifestInvalidException("the manifest's mediaType " + shown(stated)
                        + " differs from its Content-Type " + declared);
            }
            if (!MediaTypes.ALL.contains(stated)) {
                throw unsupported(stated);
            }
            return stated;
        }
        if (declaresManifest) {
            if (isDocker(declared)) {
                throw new ManifestInvalidException("mediaType is required in a Docker manifest (Content-Type " + declared
                        + ")");
            }
            return declared;
        }
        // the image spec makes mediaType optional (SHOULD); such a manifest is OCI, and its members say which kind
        boolean config = present(root, "config");
        boolean manifests = present(root, "manifests");
        if (config && !manifests) {
            return MediaTypes.OCI_MANIFEST;
        }
        if (manifests && !config && !present(root, "layers")) {
            return MediaTypes.OCI_INDEX;
        }
        throw unsupported(declared);
    }

    private static ManifestInvalidException unsupported(String type) {
        return new ManifestInvalidException("unsupported manifest media type " + (type == null ? "(none given)" : shown(type))
                + "; supported: " + String.join(", ", MediaTypes.ALL));
    }

    /** A required array of descriptors; null reads as empty, since Go marshals an empty (nil) slice so. */
    private static List<Descriptor> descriptors(JsonNode parent, String field) {
        if (!parent.has(field)) {
            throw new ManifestInvalidException(field + " is required");
        }
        JsonNode array = parent.get(field);
        if (array.isNull()) {
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
        String mediaType = string(node, "mediaType", field + ".mediaType");
        if (mediaType == null) {
            throw new ManifestInvalidException(field + ".mediaType is required");
        }
        Digest digest;
        try {
            digest = Digest.parse(string(node, "digest", field + ".digest"));
        } catch (IllegalArgumentException e) {
            throw new ManifestInvalidException(field + ".digest: " + shown(e.getMessage()));
        }
        JsonNode sizeNode = node.get("size");
        if (sizeNode == null || !sizeNode.isIntegralNumber() || !sizeNode.canConvertToLong() || sizeNode.longValue() < 0) {
            throw new ManifestInvalidException(field + ".size must be a non-negative integer");
        }
        long size = sizeNode.longValue();
        strings(node.get("urls"), field + ".urls");
        String data = string(node, "data", field + ".data");
        if (data != null) {
            checkData(data, digest, size, field + ".data");
        }
        platform(node.get("platform"), field + ".platform");
        return new Descriptor(mediaType, digest, size, string(node, "artifactType", field + ".artifactType"),
                annotations(node.get("annotations"), field + ".annotations"));
    }

    /** Embedded content (image-spec 1.1) must be the content the descriptor names, or a client is misled. */
    private static void checkData(String data, Digest digest, long size, String field) {
        if (data.length() % 4 != 0) {
            // Java's decoder would accept missing padding; RFC 4648 and Go's decoder do not
            throw new ManifestInvalidException(field + " must be base64: its length is not a multiple of 4");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new ManifestInvalidException(field + " must be base64: " + e.getMessage());
        }
        if (content.length != size) {
            throw new ManifestInvalidException(field + " holds " + content.length + " bytes, but the size is " + size);
        }
        String hex = HexFormat.of().formatHex(digest.newMessageDigest().digest(content));
        if (!hex.equals(digest.hex())) {
            throw new ManifestInvalidException(field + " does not match the digest: it hashes to " + digest.algorithm()
                    + ":" + hex);
        }
    }

    /** Types only: the image spec requires architecture and os, but Docker and the reference registry do not. */
    private static void platform(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new ManifestInvalidException(field + " must be an object");
        }
        for (String member : List.of("architecture", "os", "os.version", "variant")) {
            string(node, member, field + "." + member);
        }
        for (String member : List.of("os.features", "features")) {
            strings(node.get(member), field + "." + member);
        }
    }

    /** An optional string; null and "" read as absent, as Go's omitempty writes and reads them. */
    private static String string(JsonNode node, String member, String field) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ManifestInvalidException(field + " must be a string");
        }
        return value.textValue().isEmpty() ? null : value.textValue();
    }

    private static void strings(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw new ManifestInvalidException(field + " must be an array of strings");
        }
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new ManifestInvalidException(field + " must be an array of strings");
            }
        }
    }

    private static Map<String, String> annotations(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ManifestInvalidException(field + " must be an object of strings");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new ManifestInvalidException(field + "." + shown(entry.getKey()) + " must be a string");
            }
            annotations.put(entry.getKey(), entry.getValue().textValue());
        }
        return annotations;
    }

    private static boolean present(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }

    /** Guards against a huge number that wraps to the expected value when narrowed. */
    private static boolean isInteger(JsonNode node, int expected) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() == expected;
    }

    private static String withoutParameters(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    private static boolean isSchema1(String type) {
        return MediaTypes.DOCKER_SCHEMA1.equals(type) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(type);
    }

    private static boolean isDocker(String type) {
        return MediaTypes.DOCKER_MANIFEST.equals(type) || MediaTypes.DOCKER_MANIFEST_LIST.equals(type);
    }

    private static String describe(Exception e) {
        if (e instanceof JsonProcessingException json) {
            // what Jackson says of its own settings and source is noise to the client; the position follows anyway
            String message = firstLine(json.getOriginalMessage())
                    .replaceAll(", from `[^`]*`", "")
                    .replaceAll(" \\(start marker at \\[Source: .*?]\\)", "");
            return shown(message, 2 * SHOWN) + where(json.getLocation());
        }
        return shown(firstLine(e.getMessage()), 2 * SHOWN);
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The client's own text, cut short: a message must not grow with a hostile body. */
    private static String shown(String text) {
        return shown(text, SHOWN);
    }

    private static String shown(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…";
    }
}
