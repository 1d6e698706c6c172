package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Manifests as Docker and OCI tools push them, and what the registry refuses, with the field named. */
class ManifestParserTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String EMPTY = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    private static Manifest parse(String json, String contentType) {
        return ManifestParser.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
    }

    @Test
    void aDockerSchema2ManifestAsDockerdPushesIt() {
        Manifest manifest = parse("""
                {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                 "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469, "digest": "%s"},
                 "layers": [
                   {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1064344, "digest": "%s"},
                   {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3391, "digest": "%s"}]}"""
                .formatted(A, B, C), "application/vnd.docker.distribution.manifest.v2+json");

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(manifest.isIndex()).isFalse();
        assertThat(manifest.config().digest().toString()).isEqualTo(A);
        assertThat(manifest.layers()).extracting(Descriptor::size).containsExactly(1064344L, 3391L);
        assertThat(manifest.blobs()).extracting(d -> d.digest().toString()).containsExactly(A, B, C);
        assertThat(manifest.referrerArtifactType()).isEqualTo("application/vnd.docker.container.image.v1+json");
        assertThat(manifest.subject()).isNull();
    }

    @Test
    void aDockerManifestListWithTwoPlatforms() {
        Manifest list = parse("""
                {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests": [
                   {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "%s",
                    "platform": {"architecture": "amd64", "os": "linux"}},
                   {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "%s",
                    "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}}]}""".formatted(A, B), null);

        assertThat(list.isIndex()).isTrue();
        assertThat(list.config()).isNull();
        assertThat(list.blobs()).isEmpty();
        assertThat(list.manifests()).extracting(d -> d.digest().toString()).containsExactly(A, B);
    }

    @Test
    void anOciManifestAndIndexWithoutMediaTypeInTheBodyAreKnownByTheirContentTypeOrShape() {
        String manifest = """
                {"schemaVersion": 2,
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7, "digest": "%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 9, "digest": "%s",
                             "annotations": {"org.opencontainers.image.title": "layer.tar.gz"}}],
                 "annotations": {"org.opencontainers.image.created": "2026-11-22T00:00:00Z"}}""".formatted(A, B);
        String index = """
                {"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "size": 300, "digest": "%s"}]}""".formatted(C);

        assertThat(parse(manifest, "application/vnd.oci.image.manifest.v1+json").mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parse(manifest, null).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(parse(manifest, null).annotations()).containsEntry("org.opencontainers.image.created", "2026-11-22T00:00:00Z");
        assertThat(parse(manifest, null).layers().get(0).annotations()).containsKey("org.opencontainers.image.title");
        assertThat(parse(index, "application/vnd.oci.image.index.v1+json; charset=utf-8").isIndex()).isTrue();
        assertThat(parse(index, null).mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void anArtifactWithASubjectReportsItsArtifactType() {
        Manifest artifact = parse("""
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "artifactType": "application/vnd.example.sbom.v1",
                 "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "%s", "size": 2},
                 "layers": [{"mediaType": "application/spdx+json", "digest": "%s", "size": 1200}],
                 "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1024}}"""
                .formatted(EMPTY, A, B), MediaTypes.OCI_MANIFEST);

        assertThat(artifact.artifactType()).isEqualTo("application/vnd.example.sbom.v1");
        assertThat(artifact.referrerArtifactType()).isEqualTo("application/vnd.example.sbom.v1");
        assertThat(artifact.subject().digest().toString()).isEqualTo(B);
        assertThat(artifact.config().mediaType()).isEqualTo(MediaTypes.OCI_EMPTY);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"schemaVersion": 1, "name": "x", "fsLayers": []}                                   | schema 1 manifests are not supported
            {"schemaVersion": 3, "config": {}, "layers": []}                                    | schemaVersion must be 2
            {"schemaVersion": "2"}                                                              | schemaVersion must be 2
            [1, 2]                                                                              | must be a JSON object
            {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "layers": []} | config is required
            {"schemaVersion": 2, "mediaType": "text/plain", "config": {}}                       | unsupported manifest media type text/plain
            {"schemaVersion": 2, "mediaType": 7}                                                | mediaType must be a string
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:zz"}, "layers": []} | config.digest:
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": -1, "digest": "sha256:AAAA"}, "layers": []} | config.digest: a sha256 digest is 64 lowercase hex
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"size": 1}, "layers": []} | config.mediaType is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": "x", "layers": []} | config must be a descriptor object
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": "1", "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": {}} | config.size must be a non-negative integer
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": {}} | layers must be an array
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "layers": []} | an index (application/vnd.oci.image.index.v1+json) has manifests, not config or layers
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json"}        | manifests is required
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"a": 1}} | annotations.a must be a string
            {"schemaVersion": 2, "config": {"mediaType": "a", "size": 1, "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "layers": [], "manifests": []} | unsupported manifest media type
            """)
    void aManifestTheRegistryMustNotStoreIsRefusedNamingTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json, null)).isInstanceOf(ManifestInvalidException.class).hasMessageContaining(message);
    }

    @Test
    void theBodysMediaTypeMustAgreeWithTheContentTypeAndADockerManifestMustStateIt() {
        String oci = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "a", "size": 1, "digest": "%s"}, "layers": []}""".formatted(A);
        String docker = """
                {"schemaVersion": 2, "config": {"mediaType": "a", "size": 1, "digest": "%s"}, "layers": []}""".formatted(A);

        assertThatThrownBy(() -> parse(oci, MediaTypes.DOCKER_MANIFEST)).hasMessageContaining("differs from its Content-Type");
        assertThatThrownBy(() -> parse(docker, MediaTypes.DOCKER_MANIFEST)).hasMessageContaining("mediaType is required");
        assertThatThrownBy(() -> parse(docker, MediaTypes.DOCKER_SCHEMA1_SIGNED)).hasMessageContaining("schema 1");
    }

    @Test
    void noByteSequenceEscapesAsAnythingButManifestInvalid() {
        Random random = new Random(42);
        String valid = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "a", "size": 1, "digest": "%s"}, "layers": [{"mediaType": "b", "size": 2, "digest": "%s"}],
                 "subject": {"mediaType": "c", "size": 3, "digest": "%s"}}""".formatted(A, B, C);
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5000; i++) {
            byte[] mutated = bytes.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(10) == 0 ? random.nextInt(mutated.length) : mutated.length;
            byte[] input = java.util.Arrays.copyOf(mutated, length);
            try {
                ManifestParser.parse(input, random.nextBoolean() ? null : MediaTypes.OCI_MANIFEST);
            } catch (ManifestInvalidException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThatThrownBy(() -> ManifestParser.parse("[".repeat(10_000).getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ManifestParser.parse(new byte[0], null)).isInstanceOf(ManifestInvalidException.class);
    }
}
