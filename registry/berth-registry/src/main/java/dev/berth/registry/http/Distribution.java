package dev.berth.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.blob.BlobStore;
import dev.berth.registry.blob.BlobUploadUnknownException;
import dev.berth.registry.blob.Digest;
import dev.berth.registry.blob.DigestMismatchException;
import dev.berth.registry.blob.UploadOffsetException;
import dev.berth.registry.manifest.Descriptor;
import dev.berth.registry.manifest.Manifest;
import dev.berth.registry.manifest.ManifestInvalidException;
import dev.berth.registry.manifest.ManifestParser;
import dev.berth.registry.manifest.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI distribution API (v1.1) under {@code /v2/}: pull, push (monolithic, chunked and
 * streamed uploads, cross-repository mounts), tag listing, referrers, and deletion. Blob bytes go
 * to the {@link BlobStore}; everything else to the {@link RegistryIndex}. Runs on a virtual thread
 * per request and may block.
 */
public final class Distribution {
    private static final Logger LOG = LoggerFactory.getLogger(Distribution.class);
    /** The size the distribution spec says registries should accept at least; larger manifests are refused. */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final Pattern UPLOADS = Pattern.compile("(.+)/blobs/uploads/?([^/]*)");
    private static final Pattern BYTE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes )?(\\d+)-(\\d+)(?:/.*)?");
    private static final String OCTETS = "application/octet-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore blobs;
    private final RegistryIndex index;
    private final RegistryAuth auth;
    private final String registryId;

    /** @param registryId the account id ECR names in its messages */
    public Distribution(BlobStore blobs, RegistryIndex index, RegistryAuth auth, String registryId) {
        this.blobs = blobs;
        this.index = index;
        this.auth = auth;
        this.registryId = registryId;
    }

    /** Whether a path is the registry's. */
    public static boolean accepts(String path) {
        return path.equals("/v2") || path.startsWith("/v2/");
    }

    public RegistryResponse handle(RegistryRequest request) {
        try {
            if (!auth.permits(request.header("Authorization"))) {
                return error(RegistryError.UNAUTHORIZED, "authentication required: log in with "
                        + "'aws ecr get-login-password | docker login --username AWS --password-stdin <registry>'", null,
                        RegistryResponse.status(401).header("WWW-Authenticate", "Basic realm=\"Berth registry\""));
            }
            return route(request);
        } catch (RegistryException e) {
            return error(e.error(), e.getMessage(), e.detail(), RegistryResponse.status(e.error().status()));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("registry request {} {} failed", request.method(), request.path(), e);
            return RegistryResponse.status(500).json("application/json",
                    errorBody("UNKNOWN", "the registry could not read or write its storage: " + e.getMessage(), null));
        }
    }

    private RegistryResponse route(RegistryRequest request) throws IOException {
        String path = request.path();
        String method = request.method();
        if (path.equals("/v2") || path.equals("/v2/")) {
            requireMethod(method, "GET", "HEAD");
            return RegistryResponse.status(200).json("application/json", "{}");
        }
        String rest = path.substring("/v2/".length());
        Matcher uploads = UPLOADS.matcher(rest);
        if (uploads.matches()) {
            String name = repository(uploads.group(1));
            String uploadId = uploads.group(2);
            if (uploadId.isEmpty()) {
                requireMethod(method, "POST");
                return startUpload(request, name);
            }
            return upload(request, name, uploadId);
        }
        int at;
        if ((at = rest.lastIndexOf("/manifests/")) > 0) {
            return manifest(request, repository(rest.substring(0, at)), rest.substring(at + "/manifests/".length()));
        }
        if ((at = rest.lastIndexOf("/blobs/")) > 0) {
            return blob(request, repository(rest.substring(0, at)), digest(rest.substring(at + "/blobs/".length())));
        }
        if (rest.endsWith("/tags/list")) {
            requireMethod(method, "GET");
            return tags(request, repository(rest.substring(0, rest.length() - "/tags/list".length())));
        }
        if ((at = rest.lastIndexOf("/referrers/")) > 0) {
            requireMethod(method, "GET");
            return referrers(request, repository(rest.substring(0, at)),
                    digest(rest.substring(at + "/referrers/".length())));
        }
        throw new RegistryException(RegistryError.NAME_UNKNOWN, "no registry route for " + path);
    }

    // ---- blobs

    private RegistryResponse blob(RegistryRequest request, String name, Digest digest) {
        String method = request.method();
        if (method.equals("DELETE")) {
            if (!index.unlinkBlob(name, digest)) {
                throw blobUnknown(name, digest);
            }
            return RegistryResponse.status(202).empty();
        }
        requireMethod(method, "GET", "HEAD");
        OptionalLong linked = index.blobSize(name, digest);
        Path file = blobs.file(digest);
        if (linked.isEmpty() || !Files.exists(file)) {
            throw blobUnknown(name, digest);
        }
        long size = linked.getAsLong();
        RegistryResponse.Builder answer;
        long offset = 0;
        long length = size;
        String range = request.header("Range");
        Matcher matcher = range == null ? null : BYTE_RANGE.matcher(range.trim());
        if (matcher != null && matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            long first;
            long last;
            if (matcher.group(1).isEmpty()) { // the last N bytes
                first = Math.max(0, size - Long.parseLong(matcher.group(2)));
                last = size - 1;
            } else {
                first = Long.parseLong(matcher.group(1));
                last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
            }
            if (first >= size || last < first) {
                return RegistryResponse.status(416).header("Content-Range", "bytes */" + size).empty();
            }
            offset = first;
            length = last - first + 1;
            answer = RegistryResponse.status(206).header("Content-Range", "bytes " + first + "-" + last + "/" + size);
        } else {
            answer = RegistryResponse.status(200);
        }
        answer.header("Docker-Content-Digest", digest).header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + digest + "\"").header("Cache-Control", "max-age=31536000");
        return method.equals("HEAD") ? answer.describing(OCTETS, length) : answer.file(OCTETS, file, offset, length);
    }

    private RegistryResponse startUpload(RegistryRequest request, String name) throws IOException {
        String mount = request.query("mount");
        String from = request.query("from");
        if (mount != null && from != null) {
            Digest digest = digest(mount);
            String source = from.equals(name) ? name : validName(from);
            if (source != null && index.blobSize(source, digest).isPresent() && mountBlob(name, digest)) {
                return blobCreated(name, digest);
            }
            // not mountable: an ordinary upload, as the spec asks
        }
        String given = request.query("digest");
        if (given != null) {
            Digest digest = digest(given);
            try {
                blobs.put(request.body(), digest, () -> link(name, digest));
            } catch (DigestMismatchException e) {
                throw digestMismatch(e);
            }
            return blobCreated(name, digest);
        }
        String uploadId = blobs.startUpload();
        return uploadStatus(202, name, uploadId, 0).empty();
    }

    /** Links a published blob into another repository, if it is still there (GC may be deleting it). */
    private boolean mountBlob(String name, Digest digest) {
        return blobs.withLock(digest, () -> {
            if (blobs.size(digest).isEmpty()) {
                return false;
            }
            link(name, digest);
            return true;
        });
    }

    /** Called under the digest's lock, once the blob is in place. */
    private void link(String name, Digest digest) {
        index.linkBlob(name, digest, blobs.size(digest).orElseThrow());
    }

    private RegistryResponse upload(RegistryRequest request, String name, String uploadId) throws IOException {
        try {
            switch (request.method()) {
                case "GET":
                    return uploadStatus(204, name, uploadId, blobs.uploadSize(uploadId)).empty();
                case "DELETE":
                    blobs.cancel(uploadId);
                    return RegistryResponse.status(204).empty();
                case "PATCH": {
                    long expected = -1;
                    String contentRange = request.header("Content-Range");
                    if (contentRange != null) {
                        Matcher matcher = CONTENT_RANGE.matcher(contentRange.trim());
                        if (!matcher.matches()) {
                            throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID,
                                    "Content-Range must be <start>-<end>, not " + contentRange);
                        }
                        expected = Long.parseLong(matcher.group(1));
                    }
                    try {
                        long size = blobs.append(uploadId, request.body(), expected);
                        return uploadStatus(202, name, uploadId, size).empty();
                    } catch (UploadOffsetException e) {
                        return uploadStatus(416, name, uploadId, e.currentSize()).empty();
                    }
                }
                case "PUT": {
                    String given = request.query("digest");
                    if (given == null) {
                        throw new RegistryException(RegistryError.DIGEST_INVALID,
                                "the digest query parameter is required to complete an upload");
                    }
                    Digest digest = digest(given);
                    try {
                        blobs.commit(uploadId, digest, request.body(), () -> link(name, digest));
                    } catch (DigestMismatchException e) {
                        throw digestMismatch(e);
                    }
                    return blobCreated(name, digest);
                }
                default:
                    throw unsupported(request.method());
            }
        } catch (BlobUploadUnknownException e) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_UNKNOWN,
                    "the upload " + uploadId + " is unknown: it finished, was cancelled or expired", uploadId);
        }
    }

    private static RegistryResponse.Builder uploadStatus(int status, String name, String uploadId, long size) {
        return RegistryResponse.status(status)
                .header("Location", "/v2/" + name + "/blobs/uploads/" + uploadId)
                .header("Range", "0-" + Math.max(0, size - 1))
                .header("Docker-Upload-UUID", uploadId);
    }

    private static RegistryResponse blobCreated(String name, Digest digest) {
        return RegistryResponse.status(201).header("Location", "/v2/" + name + "/blobs/" + digest)
                .header("Docker-Content-Digest", digest).empty();
    }

    // ---- manifests

    private RegistryResponse manifest(RegistryRequest request, String name, String reference) throws IOException {
        boolean isDigest = reference.contains(":");
        if (!isDigest && !RepositoryNames.isTag(reference)) {
            throw new RegistryException(RegistryError.TAG_INVALID, "'" + reference + "' is neither a tag nor a digest",
                    reference);
        }
        if (isDigest) {
            digest(reference); // a malformed digest is the caller's mistake, not an unknown manifest
        }
        switch (request.method()) {
            case "GET", "HEAD": {
                boolean get = request.method().equals("GET");
                // a HEAD is a pull too: Docker pulls with a HEAD alone when it already has the manifest's content
                StoredManifest stored = index.manifest(name, reference, true).orElseThrow(() -> manifestUnknown(name,
                        reference));
                RegistryResponse.Builder answer = RegistryResponse.status(200)
                        .header("Docker-Content-Digest", stored.digest()).header("ETag", "\"" + stored.digest() + "\"");
                return get ? answer.bytes(stored.mediaType(), stored.body())
                        : answer.describing(stored.mediaType(), stored.body().length);
            }
            case "PUT":
                return putManifest(request, name, reference, isDigest);
            case "DELETE": {
                boolean existed = isDigest ? index.deleteManifest(name, Digest.parse(reference))
                        : index.deleteTag(name, reference);
                if (!existed) {
                    throw manifestUnknown(name, reference);
                }
                return RegistryResponse.status(202).empty();
            }
            default:
                throw unsupported(request.method());
        }
    }

    private RegistryResponse putManifest(RegistryRequest request, String name, String reference, boolean isDigest)
            throws IOException {
        byte[] body = readAtMost(request.body(), MAX_MANIFEST_BYTES);
        Digest digest;
        if (isDigest) {
            Digest claimed = Digest.parse(reference);
            MessageDigest hash = claimed.newMessageDigest();
            digest = new Digest(claimed.algorithm(), HexFormat.of().formatHex(hash.digest(body)));
            if (!digest.equals(claimed)) {
                throw new RegistryException(RegistryError.DIGEST_INVALID, "the manifest's digest is " + digest
                        + ", not " + claimed, claimed.toString());
            }
        } else {
            digest = Digest.sha256(body);
        }
        Manifest manifest;
        try {
            manifest = ManifestParser.parse(body, request.header("Content-Type"));
        } catch (ManifestInvalidException e) {
            throw new RegistryException(RegistryError.MANIFEST_INVALID, e.getMessage());
        }
        index.putManifest(name, isDigest ? null : reference, digest, manifest.mediaType(), body, manifest);
        RegistryResponse.Builder answer = RegistryResponse.status(201)
                .header("Location", "/v2/" + name + "/manifests/" + digest)
                .header("Docker-Content-Digest", digest);
        if (manifest.subject() != null) {
            answer.header("OCI-Subject", manifest.subject().digest());
        }
        return answer.empty();
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new RegistryException(RegistryError.SIZE_INVALID,
                    "manifests larger than " + limit + " bytes are not accepted");
        }
        return body;
    }

    // ---- discovery

    private RegistryResponse tags(RegistryRequest request, String name) {
        String n = request.query("n");
        int limit = 10_000;
        boolean paged = false;
        if (n != null) {
            try {
                limit = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0) {
                throw new RegistryException(RegistryError.SIZE_INVALID, "n must be a non-negative integer, not " + n);
            }
            paged = true;
        }
        String last = request.query("last");
        List<String> tags = limit == 0 ? List.of() : index.tags(name, last, limit + 1);
        RegistryResponse.Builder answer = RegistryResponse.status(200);
        if (tags.size() > limit) {
            tags = tags.subList(0, limit);
            if (paged) {
                answer.header("Link", "</v2/" + name + "/tags/list?n=" + limit + "&last="
                        + URLEncoder.encode(tags.get(tags.size() - 1), StandardCharsets.UTF_8) + ">; rel=\"next\"");
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        ArrayNode array = body.putArray("tags");
        tags.forEach(array::add);
        return answer.json("application/json", body.toString());
    }

    private RegistryResponse referrers(RegistryRequest request, String name, Digest subject) {
        String artifactType = request.query("artifactType");
        ObjectNode body = JSON.createObjectNode();
        body.put("schemaVersion", 2);
        body.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = body.putArray("manifests");
        for (Descriptor referrer : index.referrers(name, subject, artifactType)) {
            ObjectNode descriptor = manifests.addObject();
            descriptor.put("mediaType", referrer.mediaType());
            descriptor.put("digest", referrer.digest().toString());
            descriptor.put("size", referrer.size());
            if (referrer.artifactType() != null) {
                descriptor.put("artifactType", referrer.artifactType());
            }
            if (!referrer.annotations().isEmpty()) {
                ObjectNode annotations = descriptor.putObject("annotations");
                referrer.annotations().forEach(annotations::put);
            }
        }
        RegistryResponse.Builder answer = RegistryResponse.status(200);
        if (artifactType != null) {
            answer.header("OCI-Filters-Applied", "artifactType");
        }
        return answer.json(MediaTypes.OCI_INDEX, body.toString());
    }

    // ---- shared

    private String repository(String name) {
        String problem = RepositoryNames.repositoryProblem(name);
        if (problem != null) {
            throw new RegistryException(RegistryError.NAME_INVALID, problem, name);
        }
        if (!index.repositoryExists(name)) {
            throw new RegistryException(RegistryError.NAME_UNKNOWN, "The repository with name '" + name
                    + "' does not exist in the registry with id '" + registryId + "'", name);
        }
        return name;
    }

    /** A mount source that is no valid, existing repository is no mount source: the push uploads instead. */
    private String validName(String name) {
        return RepositoryNames.repositoryProblem(name) == null && index.repositoryExists(name) ? name : null;
    }

    private static Digest digest(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, e.getMessage(), text);
        }
    }

    private static RegistryException digestMismatch(DigestMismatchException e) {
        return new RegistryException(RegistryError.DIGEST_INVALID, "the content's digest is " + e.actual()
                + ", not " + e.expected(), e.expected().toString());
    }

    private RegistryException blobUnknown(String name, Digest digest) {
        return new RegistryException(RegistryError.BLOB_UNKNOWN, "the blob " + digest + " is not in the repository '"
                + name + "'", digest.toString());
    }

    private RegistryException manifestUnknown(String name, String reference) {
        return new RegistryException(RegistryError.MANIFEST_UNKNOWN, "the manifest " + reference
                + " is not in the repository '" + name + "'", reference);
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw unsupported(method);
    }

    private static RegistryException unsupported(String method) {
        return new RegistryException(RegistryError.UNSUPPORTED, "the method " + method + " is not supported here");
    }

    private static RegistryResponse error(RegistryError error, String message, Object detail,
                                          RegistryResponse.Builder answer) {
        return answer.json("application/json", errorBody(error.name(), message, detail));
    }

    private static String errorBody(String code, String message, Object detail) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode entry = body.putArray("errors").addObject();
        entry.put("code", code);
        entry.put("message", message);
        if (detail != null) {
            entry.put("detail", detail.toString());
        }
        return body.toString();
    }
}
