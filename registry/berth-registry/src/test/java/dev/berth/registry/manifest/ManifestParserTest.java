package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.blob.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Manifests as Docker and OCI tools push them, and what the registry refuses, with the field named. */
class ManifestParserTest {
    private static final String CONFIG = "sha256:b79606fb3afea5bd1609ed40b622142f1c98125abcfe89a76a661b0e8e343910";
    private static final String LAYER_1 = "sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2";
    private static final String LAYER_2 = "sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06";
    private static final String AMD64 = "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51";
    private static final String ARM64 = "sha256:f69162950f235e3cdbbad33f1f912d1a504be90d8a37d002c735d6f3e3882265";
    private static final String ATTESTATION = "sha256:f745a15153c4dacf0ea4bbf57265e73283941f8335939b33c693975315cf5916";
    private static final String SBOM = "sha256:98f3ae1ef67113d8140d4f6cb8d2830070e21ea48f091be519659846c771a374";
    private static final String EMPTY = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    /** As dockerd 20.10 pushes an image: three-space indents, Docker types, mediaType in the body. */
    static final String DOCKER_MANIFEST = """
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 1469,
                  "digest": "%s"
               },
               "layers": [
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 2814446,
                     "digest": "%s"
                  },
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 3391,
                     "digest": "%s"
                  }
               ]
            }""".formatted(CONFIG, LAYER_1, LAYER_2);

    /** As {@code docker manifest push} writes a list for two platforms. */
    static final String DOCKER_LIST = """
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
               "manifests": [
                  {
                     "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                     "size": 528,
                     "digest": "%s",
                     "platform": {
                        "architecture": "amd64",
                        "os": "linux"
                     }
                  },
                  {
                     "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                     "size": 528,
                     "digest": "%s",
                     "platform": {
                        "architecture": "arm64",
                        "os": "linux",
                        "variant": "v8"
                     }
                  }
               ]
            }""".formatted(AMD64, ARM64);

    /** As BuildKit pushes an OCI image: compact, with an annotation on the manifest. */
    static final String OCI_MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":1230},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"%s\",\"size\":3623807},"
            + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"%s\",\"size\":97}],"
            + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-11-22T09:00:00Z\"}}")
            .formatted(CONFIG, LAYER_1, LAYER_2);

    /** As buildx pushes a multi-platform image with provenance: the attestation manifest has platform unknown/unknown. */
    static final String OCI_INDEX = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":673,"
            + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":673,"
            + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}},"
            + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":566,"
            + "\"annotations\":{\"vnd.docker.reference.digest\":\"%s\",\"vnd.docker.reference.type\":\"attestation-manifest\"},"
            + "\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}}]}")
            .formatted(AMD64, ARM64, ATTESTATION, AMD64);

    /** As ORAS attaches an SBOM to an image: empty config with its data embedded, artifactType, subject. */
    static final String OCI_ARTIFACT = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\"application/spdx+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"%s\",\"size\":2,\"data\":\"e30=\"},"
            + "\"layers\":[{\"mediaType\":\"application/spdx+json\",\"digest\":\"%s\",\"size\":18215,"
            + "\"annotations\":{\"org.opencontainers.image.title\":\"sbom.spdx.json\"}}],"
            + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"%s\",\"size\":1167},"
            + "\"annotations\":{\"org.opencontainers.image.created\":\"2026-11-22T09:05:00Z\"}}")
            .formatted(EMPTY, SBOM, AMD64);

    private static Manifest parse(String json, String contentType) {
        return ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static String replace(String json, String from, String to) {
        assertThat(json).contains(from);
        return json.replace(from, to);
    }

    @Test
    void aDockerSchema2ManifestAsDockerdPushesIt() {
        Manifest manifest = parse(DOCKER_MANIFEST, "application/vnd.docker.distribution.manifest.v2+json");

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(manifest.isIndex()).isFalse();
        assertThat(manifest.config()).isEqualTo(new Descriptor("application/vnd.docker.container.image.v1+json",
                Digest.parse(CONFIG), 1469, null, Map.of()));
        assertThat(manifest.layers()).extracting(Descriptor::mediaType)
                .containsOnly("application/vnd.docker.image.rootfs.diff.tar.gzip");
        assertThat(manifest.layers()).extracting(Descriptor::size).containsExactly(2814446L, 3391L);
        assertThat(manifest.blobs()).extracting(d -> d.digest().toString()).containsExactly(CONFIG, LAYER_1, LAYER_2);
        assertThat(manifest.manifests()).isEmpty();
        assertThat(manifest.subject()).isNull();
        assertThat(manifest.artifactType()).isNull();
        assertThat(manifest.annotations()).isEmpty();
        assertThat(manifest.referrerArtifactType()).isEqualTo("application/vnd.docker.container.image.v1+json");
    }

    @Test
    void aDockerManifestListWithTwoPlatforms() {
        Manifest list = parse(DOCKER_LIST, "application/vnd.docker.distribution.manifest.list.v2+json");

        assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(list.isIndex()).isTrue();
        assertThat(list.config()).isNull();
        assertThat(list.layers()).isEmpty();
        assertThat(list.blobs()).isEmpty();
        assertThat(list.manifests()).extracting(d -> d.digest().toString()).containsExactly(AMD64, ARM64);
        assertThat(list.manifests()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.DOCKER_MANIFEST);
        assertThat(list.manifests()).extracting(Descriptor::size).containsOnly(528L);
        assertThat(list.referrerArtifactType()).isNull();
    }

    @Test
    void anOciImageManifest() {
        Manifest manifest = parse(OCI_MANIFEST, "application/vnd.oci.image.manifest.v1+json");

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.config().mediaType()).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(manifest.layers()).extracting(Descriptor::mediaType).containsExactly(
                "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(manifest.blobs()).extracting(Descriptor::size).containsExactly(1230L, 3623807L, 97L);
        assertThat(manifest.annotations()).containsExactly(Map.entry("org.opencontainers.image.created", "2026-11-22T09:00:00Z"));
        assertThat(manifest.referrerArtifactType()).isEqualTo("application/vnd.oci.image.config.v1+json");
    }

    @Test
    void anOciIndexWithAnAttestationManifest() {
        Manifest index = parse(OCI_INDEX, "application/vnd.oci.image.index.v1+json");

        assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.isIndex()).isTrue();
        assertThat(index.blobs()).isEmpty();
        assertThat(index.manifests()).extracting(d -> d.digest().toString()).containsExactly(AMD64, ARM64, ATTESTATION);
        assertThat(index.manifests().get(2).annotations())
                .containsEntry("vnd.docker.reference.type", "attestation-manifest")
                .containsEntry("vnd.docker.reference.digest", AMD64);
    }

    @Test
    void anOciArtifactWithASubjectAndTheEmptyConfig() {
        Manifest artifact = parse(OCI_ARTIFACT, "application/vnd.oci.image.manifest.v1+json");

        assertThat(artifact.artifactType()).isEqualTo("application/spdx+json");
        assertThat(artifact.referrerArtifactType()).isEqualTo("application/spdx+json");
        assertThat(artifact.config()).isEqualTo(new Descriptor(MediaTypes.OCI_EMPTY, Digest.parse(EMPTY), 2, null, Map.of()));
        assertThat(artifact.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.digest().toString()).isEqualTo(SBOM);
            assertThat(layer.annotations()).containsEntry("org.opencontainers.image.title", "sbom.spdx.json");
        });
        assertThat(artifact.subject()).isEqualTo(new Descriptor(MediaTypes.OCI_MANIFEST, Digest.parse(AMD64), 1167, null,
                Map.of()));
        assertThat(artifact.annotations()).containsKey("org.opencontainers.image.created");
        // the empty descriptor's digest is that of "{}", which its data carries
        assertThat(Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo(EMPTY);
    }

    @Test
    void anArtifactWithoutArtifactTypeReportsItsConfigTypeAndMayHaveNoLayers() {
        Manifest artifact = parse(replace(replace(OCI_ARTIFACT, "\"artifactType\":\"application/spdx+json\",", ""),
                "\"layers\":[{", "\"layers\":[],\"ignored\":[{"), null);

        assertThat(artifact.artifactType()).isNull();
        assertThat(artifact.referrerArtifactType()).isEqualTo(MediaTypes.OCI_EMPTY);
        assertThat(artifact.layers()).isEmpty();
        assertThat(artifact.blobs()).extracting(d -> d.digest().toString()).containsExactly(EMPTY);
        // "empty or missing", says the distribution spec; Go's omitempty never writes ""
        Manifest emptyType = parse(replace(OCI_ARTIFACT, "\"artifactType\":\"application/spdx+json\"", "\"artifactType\":\"\""), null);
        assertThat(emptyType.artifactType()).isNull();
        assertThat(emptyType.referrerArtifactType()).isEqualTo(MediaTypes.OCI_EMPTY);
        assertThat(new Manifest(MediaTypes.OCI_MANIFEST, artifact.config(), List.of(), List.of(), null, "", Map.of())
                .referrerArtifactType()).isEqualTo(MediaTypes.OCI_EMPTY);
    }

    @Test
    void anIndexMayCarryASubjectAndArtifactType() {
        Manifest index = parse(replace(OCI_INDEX, "\"manifests\":", "\"artifactType\":\"application/vnd.example.bundle\","
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + SBOM
                + "\",\"size\":9},\"manifests\":"), null);

        assertThat(index.referrerArtifactType()).isEqualTo("application/vnd.example.bundle");
        assertThat(index.subject().digest().toString()).isEqualTo(SBOM);
    }

    @Test
    void withoutMediaTypeInTheBodyTheContentTypeDecidesAndFailingThatTheShape() {
        String manifest = replace(OCI_MANIFEST, "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",", "");
        String index = replace(OCI_INDEX, "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",", "");

        assertThat(parse(manifest, "application/vnd.oci.image.manifest.v1+json").mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parse(manifest, null).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parse(manifest, "application/json").mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parse(index, "application/vnd.oci.image.index.v1+json; charset=utf-8").mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(parse(index, "").mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void theContentTypeIsReadWithoutParametersOrCaseAndOneThatIsNoManifestTypeNeitherDecidesNorConflicts() {
        assertThat(parse(DOCKER_MANIFEST, " Application/VND.Docker.Distribution.Manifest.v2+JSON ; charset=utf-8").mediaType())
                .isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(parse(DOCKER_MANIFEST, "application/x-www-form-urlencoded").mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(parse(OCI_INDEX, "application/octet-stream").mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(parse(replace(OCI_INDEX, "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",", ""), "text/plain")
                .mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void nullReadsAsGoWritesIt() {
        Manifest manifest = parse(replace(replace(OCI_MANIFEST, "\"layers\":[", "\"subject\":null,\"artifactType\":null,"
                + "\"annotations\":null,\"ignored\":["), "\"annotations\":{", "\"layers\":null,\"unknown\":{"), null);
        Manifest index = parse(replace(OCI_INDEX, "\"manifests\":[", "\"manifests\":null,\"ignored\":["), null);

        assertThat(manifest.layers()).isEmpty();
        assertThat(manifest.subject()).isNull();
        assertThat(manifest.annotations()).isEmpty();
        assertThat(index.manifests()).isEmpty();
    }

    @Test
    void aDockerImageWithoutLayersAndASha512DigestAreAccepted() {
        String sha512 = "sha512:" + "ab".repeat(64);
        Manifest manifest = parse(DOCKER_MANIFEST.replaceAll("(?s)\"layers\": \\[.*]", "\"layers\": []")
                .replace(CONFIG, sha512), null);

        assertThat(manifest.layers()).isEmpty();
        assertThat(manifest.config().digest().toString()).isEqualTo(sha512);
    }

    @Test
    void foreignLayersKeepTheirUrls() {
        Manifest manifest = parse(replace(DOCKER_MANIFEST, "\"size\": 3391,", "\"size\": 3391, \"urls\": "
                + "[\"https://mcr.microsoft.com/v2/windows/servercore/blobs/" + LAYER_2 + "\"],"), null);

        assertThat(manifest.layers()).hasSize(2);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"schemaVersion": 1, "name": "library/hello", "tag": "latest", "fsLayers": []} | schema 1 manifests are not supported; push with a current Docker or an OCI tool
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v1+prettyjws"} | schema 1 manifests are not supported; push with a current Docker or an OCI tool
            {"schemaVersion": 3, "config": {}, "layers": []}                                 | schemaVersion must be 2
            {"schemaVersion": "2", "config": {}, "layers": []}                               | schemaVersion must be 2
            {"schemaVersion": 2.0, "config": {}, "layers": []}                               | schemaVersion must be 2
            {"schemaVersion": 18446744073709551618, "config": {}, "layers": []}              | schemaVersion must be 2
            {"config": {}, "layers": []}                                                     | schemaVersion must be 2
            [1, 2]                                                                           | the manifest must be a JSON object
            "manifest"                                                                       | the manifest must be a JSON object
            null                                                                             | the manifest must be a JSON object
            {"schemaVersion": 2, "mediaType": 7}                                             | mediaType must be a string
            {"schemaVersion": 2, "mediaType": "text/plain", "config": {}}                    | unsupported manifest media type text/plain; supported: application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.artifact.manifest.v1+json", "blobs": []} | unsupported manifest media type application/vnd.oci.artifact.manifest.v1+json; supported:
            {"schemaVersion": 2}                                                             | unsupported manifest media type (none given); supported:
            {"schemaVersion": 2, "config": {}, "layers": [], "manifests": []}                | unsupported manifest media type (none given)
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "layers": []} | config is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": null, "layers": []} | config is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}} | layers is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json"}     | manifests is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "layers": []} | an index (application/vnd.oci.image.index.v1+json) has manifests, not config or layers
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": [], "config": {}} | an index (application/vnd.docker.distribution.manifest.list.v2+json) has manifests, not config or layers
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "manifests": []} | an image manifest (application/vnd.oci.image.manifest.v1+json) has config and layers, not manifests
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": "x", "layers": []} | config must be a descriptor object
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"size": 1}, "layers": []} | config.mediaType is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "", "size": 1}, "layers": []} | config.mediaType is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": ["a"], "size": 1}, "layers": []} | config.mediaType must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1}, "layers": []} | config.digest: a digest is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:AAAA"}, "layers": []} | config.digest: a sha256 digest is 64 lowercase hex characters
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "md5:d41d8cd98f00b204e9800998ecf8427e"}, "layers": []} | config.digest: unsupported digest algorithm 'md5'
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": 12}, "layers": []} | config.digest must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": "1", "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": []} | config.size must be a non-negative integer
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": -1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": []} | config.size must be a non-negative integer
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1.5, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": []} | config.size must be a non-negative integer
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 9223372036854775808, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": []} | config.size must be a non-negative integer
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": {}} | layers must be an array
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": [{"mediaType": "b", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, {"mediaType": "b", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, {"mediaType": "b", "size": 1, "digest": "sha256:zz"}]} | layers[2].digest: a sha256 digest is 64 lowercase hex characters
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": [null]} | layers[0] must be a descriptor object
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "urls": "https://example.com"}, "layers": []} | config.urls must be an array of strings
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "urls": [7]}, "layers": []} | config.urls must be an array of strings
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "annotations": {"k": 1}}, "layers": []} | config.annotations.k must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "artifactType": {}}, "layers": []} | config.artifactType must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": [], "subject": []} | subject must be a descriptor object
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": [], "subject": {"mediaType": "a", "size": 1}} | subject.digest: a digest is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": [], "artifactType": 3} | artifactType must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"a": 1}} | annotations.a must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": ["a"]} | annotations must be an object of strings
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": {}}  | manifests must be an array
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "platform": "linux/amd64"}]} | manifests[0].platform must be an object
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "platform": {"architecture": "amd64", "os": 1}}]} | manifests[0].platform.os must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "platform": {"architecture": "amd64", "os": "windows", "os.features": "win32k"}}]} | manifests[0].platform.os.features must be an array of strings
            """)
    void aManifestTheRegistryMustNotStoreIsRefusedNamingTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json, null)).isInstanceOf(ManifestInvalidException.class).hasMessageStartingWith(message);
    }

    @Test
    void embeddedDataMustBeTheContentItsDescriptorNames() {
        assertThatThrownBy(() -> parse(replace(OCI_ARTIFACT, "\"data\":\"e30=\"", "\"data\":\"e30\""), null))
                .hasMessage("config.data must be base64: its length is not a multiple of 4");
        assertThatThrownBy(() -> parse(replace(OCI_ARTIFACT, "\"data\":\"e30=\"", "\"data\":\"e3*=\""), null))
                .hasMessageStartingWith("config.data must be base64: ");
        assertThatThrownBy(() -> parse(replace(OCI_ARTIFACT, "\"data\":\"e30=\"", "\"data\":\"W10=\""), null)) // "[]"
                .hasMessage("config.data does not match the digest: it hashes to "
                        + "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945");
        assertThatThrownBy(() -> parse(replace(OCI_ARTIFACT, "\"data\":\"e30=\"", "\"data\":\"e30K\""), null)) // "{}\n"
                .hasMessage("config.data holds 3 bytes, but the size is 2");
        assertThatThrownBy(() -> parse(replace(OCI_ARTIFACT, "\"data\":\"e30=\"", "\"data\":2"), null))
                .hasMessage("config.data must be a string");
    }

    @Test
    void theBodysMediaTypeMustAgreeWithAManifestContentTypeAndADockerManifestMustStateIt() {
        String withoutMediaType = replace(DOCKER_MANIFEST,
                "\"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",", "");

        assertThatThrownBy(() -> parse(OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST)).isInstanceOf(ManifestInvalidException.class)
                .hasMessage("the manifest's mediaType application/vnd.oci.image.manifest.v1+json differs from its Content-Type "
                        + "application/vnd.docker.distribution.manifest.v2+json");
        assertThatThrownBy(() -> parse(OCI_INDEX, MediaTypes.OCI_MANIFEST)).hasMessageContaining("differs");
        assertThatThrownBy(() -> parse(withoutMediaType, MediaTypes.DOCKER_MANIFEST)).hasMessage(
                "mediaType is required in a Docker manifest (Content-Type application/vnd.docker.distribution.manifest.v2+json)");
        assertThatThrownBy(() -> parse(replace(DOCKER_LIST, "\"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",",
                ""), MediaTypes.DOCKER_MANIFEST_LIST)).hasMessageStartingWith("mediaType is required in a Docker manifest");
    }

    @Test
    void aContentTypeOfTheWrongShapeIsRefused() {
        String manifest = replace(OCI_MANIFEST, "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",", "");
        String index = replace(OCI_INDEX, "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",", "");

        assertThatThrownBy(() -> parse(manifest, MediaTypes.OCI_INDEX)).isInstanceOf(ManifestInvalidException.class)
                .hasMessage("an index (application/vnd.oci.image.index.v1+json) has manifests, not config or layers");
        assertThatThrownBy(() -> parse(index, MediaTypes.OCI_MANIFEST)).isInstanceOf(ManifestInvalidException.class)
                .hasMessage("an image manifest (application/vnd.oci.image.manifest.v1+json) has config and layers, not manifests");
        assertThatThrownBy(() -> parse("{\"schemaVersion\": 2}", "text/plain"))
                .hasMessageStartingWith("unsupported manifest media type text/plain; supported: ");
    }

    @Test
    void aSchema1ContentTypeIsRefusedWhateverTheBody() {
        for (String type : new String[] {MediaTypes.DOCKER_SCHEMA1, MediaTypes.DOCKER_SCHEMA1_SIGNED + "; charset=utf-8"}) {
            assertThatThrownBy(() -> parse("not even JSON", type)).isInstanceOf(ManifestInvalidException.class)
                    .hasMessage("schema 1 manifests are not supported; push with a current Docker or an OCI tool");
            assertThatThrownBy(() -> parse(OCI_MANIFEST, type)).hasMessageStartingWith("schema 1");
        }
    }

    @Test
    void aMessageQuotesTheClientsTextOnlyInPart() {
        String huge = "x".repeat(100_000);

        assertThatThrownBy(() -> parse("{\"schemaVersion\": 2, \"mediaType\": \"" + huge + "\"}", null))
                .message().hasSizeLessThan(400);
        assertThatThrownBy(() -> parse(replace(OCI_MANIFEST, CONFIG, "sha256:" + huge), null))
                .message().startsWith("config.digest: ").hasSizeLessThan(400);
        assertThatThrownBy(() -> parse("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", "
                + "\"manifests\": [], \"annotations\": {\"" + huge + "\": 1}}", null)).message().hasSizeLessThan(400);
    }
}
