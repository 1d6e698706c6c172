package dev.berth.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.domain.error.ApiException;
import dev.berth.registry.blob.Digest;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryResponse;
import dev.berth.store.Store;
import dev.berth.store.sqlite.SqliteStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry and the ECR operations over a real SQLite store and a real blob directory, driven
 * through the distribution protocol without HTTP, on a clock the test moves.
 */
class RegistryIndexTest {
    /** Now, not a fixed date: garbage collection compares the sweep's time with the blob files' real mtimes. */
    private static final Instant START = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @TempDir
    Path directory;
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private Store store;
    private EcrApi api;
    private String authorization;

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void open() {
        store = SqliteStore.open(directory.resolve("berth.db"));
        api = new EcrApi(store, clock, "000000000000", () -> "127.0.0.1:7700", directory.resolve("registry"),
                EcrSettings.defaults(), token -> token.equals("default/i-1:secret"));
        JsonNode token = call("GetAuthorizationToken", "{}");
        authorization = "Basic " + token.at("/authorizationData/0/authorizationToken").asText();
        call("CreateRepository", "{\"repositoryName\": \"team/app\"}");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private JsonNode call(String operation, String input) {
        try {
            return api.operations().get(operation).invoke(new RequestContext("r", "us-east-1", "000000000000", "AKID",
                    now.get()), (ObjectNode) AwsJson.mapper().readTree(input));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private RegistryResponse http(String method, String pathAndQuery, byte[] body, String... headers) {
        Map<String, String> headerMap = new HashMap<>();
        headerMap.put("authorization", authorization);
        for (int i = 0; i < headers.length; i += 2) {
            headerMap.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        Map<String, String> query = new HashMap<>();
        if (question >= 0) {
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return api.distribution().handle(new RegistryRequest() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String query(String name) {
                return query.get(name);
            }

            @Override
            public String header(String name) {
                return headerMap.get(name.toLowerCase());
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(body == null ? new byte[0] : body);
            }
        });
    }

    private String pushBlob(String repository, byte[] content) {
        String digest = Digest.sha256(content).toString();
        assertThat(http("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content).status()).isEqualTo(201);
        return digest;
    }

    private String manifest(String configDigest, int configSize, String layerDigest, int layerSize, String extra) {
        return """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "%s", "size": %d},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "%s", "size": %d}]%s}"""
                .formatted(configDigest, configSize, layerDigest, layerSize, extra);
    }

    private String pushImage(String repository, String tag, String seed) {
        byte[] config = ("{\"seed\":\"" + seed + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = ("layer of " + seed).getBytes(StandardCharsets.UTF_8);
        String text = manifest(pushBlob(repository, config), config.length, pushBlob(repository, layer), layer.length, "");
        RegistryResponse put = http("PUT", "/v2/" + repository + "/manifests/" + tag, text.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(put.status()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return put.headers().get("Docker-Content-Digest");
    }

    private static String text(RegistryResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void tokensAreCheckedAndExpireAfterTwelveHoursAndAgentsUseTheirInstanceToken() {
        assertThat(http("GET", "/v2/", null).status()).isEqualTo(200);
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("AWS:").satisfies(d -> assertThat(d.substring(4)).doesNotContain(":"));

        now.set(START.plus(Duration.ofHours(12)).plusSeconds(1));
        RegistryResponse expired = http("GET", "/v2/", null);
        authorization = "Basic " + Base64.getEncoder().encodeToString("berth-agent:default/i-1:secret".getBytes());
        RegistryResponse agent = http("GET", "/v2/", null);
        authorization = "Basic " + Base64.getEncoder().encodeToString("berth-agent:default/i-1:wrong".getBytes());
        RegistryResponse wrongAgent = http("GET", "/v2/", null);

        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.headers().get("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(agent.status()).isEqualTo(200);
        assertThat(wrongAgent.status()).isEqualTo(401);
    }

    @Test
    void aManifestNeedsItsBlobsInTheRepositoryAndUnknownRepositoriesAreNameUnknown() {
        String text = manifest(Digest.sha256(new byte[] {1}).toString(), 1, Digest.sha256(new byte[] {2}).toString(), 1, "");

        RegistryResponse missing = http("PUT", "/v2/team/app/manifests/v1", text.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        RegistryResponse unknownRepository = http("POST", "/v2/team/nope/blobs/uploads/", null);
        RegistryResponse badName = http("GET", "/v2/Team/App/tags/list", null);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(text(missing)).contains("MANIFEST_BLOB_UNKNOWN");
        assertThat(unknownRepository.status()).isEqualTo(404);
        assertThat(text(unknownRepository)).contains("NAME_UNKNOWN").contains("does not exist in the registry with id");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(text(badName)).contains("NAME_INVALID");
    }

    @Test
    void tagsAreListedInPagesAndDeletingTheLastTagByEcrDeletesTheImage() {
        for (String tag : new String[] {"c", "a", "b", "d"}) {
            pushImage("team/app", tag, tag);
        }

        assertThat(call("DescribeImages", "{\"repositoryName\": \"team/app\", \"imageIds\": [{\"imageTag\": \"c\"}]}")
                .at("/imageDetails/0").has("lastRecordedPullTime")).isFalse();
        RegistryResponse first = http("GET", "/v2/team/app/tags/list?n=2", null);
        RegistryResponse second = http("GET", "/v2/team/app/tags/list?n=2&last=b", null);
        JsonNode deleted = call("BatchDeleteImage", "{\"repositoryName\": \"team/app\", \"imageIds\": [{\"imageTag\": \"a\"},"
                + " {\"imageTag\": \"zzz\"}]}");

        assertThat(text(first)).isEqualTo("{\"name\":\"team/app\",\"tags\":[\"a\",\"b\"]}");
        assertThat(first.headers().get("Link")).isEqualTo("</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
        assertThat(text(second)).contains("[\"c\",\"d\"]");
        // Docker pulls with a HEAD alone when it has the manifest already
        assertThat(http("HEAD", "/v2/team/app/manifests/c", null).status()).isEqualTo(200);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(call("DescribeImages",
                "{\"repositoryName\": \"team/app\", \"imageIds\": [{\"imageTag\": \"c\"}]}")
                .at("/imageDetails/0").has("lastRecordedPullTime")).isTrue());
        assertThat(second.headers()).doesNotContainKey("Link");
        assertThat(deleted.at("/imageIds/0/imageTag").asText()).isEqualTo("a");
        assertThat(deleted.at("/failures/0/failureCode").asText()).isEqualTo("ImageNotFound");
        assertThat(call("ListImages", "{\"repositoryName\": \"team/app\"}").path("imageIds")).hasSize(3);
    }

    @Test
    void referrersAreFoundBySubjectAndFilteredByArtifactType() {
        String subject = pushImage("team/app", "v1", "subject");
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        String emptyDigest = pushBlob("team/app", empty);
        byte[] signature = "signature".getBytes(StandardCharsets.UTF_8);
        String signatureDigest = pushBlob("team/app", signature);
        String artifact = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "artifactType": "application/vnd.example.signature",
                 "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "%s", "size": 2},
                 "layers": [{"mediaType": "application/octet-stream", "digest": "%s", "size": %d}],
                 "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 10},
                 "annotations": {"org.example.signer": "ci"}}""".formatted(emptyDigest, signatureDigest, signature.length, subject);
        String artifactDigest = Digest.sha256(artifact.getBytes(StandardCharsets.UTF_8)).toString();

        RegistryResponse put = http("PUT", "/v2/team/app/manifests/" + artifactDigest,
                artifact.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        RegistryResponse all = http("GET", "/v2/team/app/referrers/" + subject, null);
        RegistryResponse filtered = http("GET", "/v2/team/app/referrers/" + subject + "?artifactType=application/other", null);

        assertThat(put.status()).isEqualTo(201);
        assertThat(put.headers().get("OCI-Subject")).isEqualTo(subject);
        assertThat(all.headers().get("Content-Type")).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(text(all)).contains(artifactDigest).contains("\"artifactType\":\"application/vnd.example.signature\"")
                .contains("org.example.signer");
        assertThat(text(filtered)).contains("\"manifests\":[]");
        assertThat(filtered.headers().get("OCI-Filters-Applied")).isEqualTo("artifactType");
    }

    @Test
    void aBlobIsMountedFromAnotherRepositoryOnlyWhenThatRepositoryHasIt() {
        call("CreateRepository", "{\"repositoryName\": \"team/other\"}");
        String digest = pushBlob("team/app", "shared layer".getBytes(StandardCharsets.UTF_8));

        RegistryResponse mounted = http("POST", "/v2/team/other/blobs/uploads/?mount=" + digest + "&from=team/app", null);
        RegistryResponse notThere = http("POST", "/v2/team/app/blobs/uploads/?mount="
                + Digest.sha256(new byte[] {9}) + "&from=team/other", null);

        assertThat(mounted.status()).isEqualTo(201);
        assertThat(http("GET", "/v2/team/other/blobs/" + digest, null).status()).isEqualTo(200);
        assertThat(notThere.status()).isEqualTo(202);
        assertThat(notThere.headers().get("Location")).startsWith("/v2/team/app/blobs/uploads/");
    }

    @Test
    void chunkedUploadsCheckTheirOffsetAndReportTheirProgress() {
        RegistryResponse started = http("POST", "/v2/team/app/blobs/uploads/", null);
        String location = started.headers().get("Location");

        RegistryResponse one = http("PATCH", location, "hello ".getBytes(), "Content-Range", "0-5");
        RegistryResponse wrong = http("PATCH", location, "world".getBytes(), "Content-Range", "3-7");
        RegistryResponse two = http("PATCH", location, "world".getBytes(), "Content-Range", "6-10");
        RegistryResponse status = http("GET", location, null);
        RegistryResponse done = http("PUT", location + "?digest=" + Digest.sha256("hello world".getBytes()), null);

        assertThat(one.headers().get("Range")).isEqualTo("0-5");
        assertThat(wrong.status()).isEqualTo(416);
        assertThat(wrong.headers().get("Range")).isEqualTo("0-5");
        assertThat(two.headers().get("Range")).isEqualTo("0-10");
        assertThat(status.status()).isEqualTo(204);
        assertThat(done.status()).isEqualTo(201);
        assertThat(http("GET", location, null).status()).isEqualTo(404);
    }

    @Test
    void garbageCollectionWaitsOutTheGracePeriodAndKeepsWhatImagesReference() throws Exception {
        String kept = pushImage("team/app", "v1", "kept");
        String orphan = pushBlob("team/app", "uploaded, never referenced".getBytes(StandardCharsets.UTF_8));
        Path orphanFile = directory.resolve("registry/blobs/sha256").resolve(orphan.substring(7, 9)).resolve(orphan.substring(7));
        assertThat(orphanFile).exists();

        var early = api.sweeper().sweep(START.plus(Duration.ofMinutes(30)));
        assertThat(early.linksRemoved()).isZero();
        assertThat(orphanFile).exists();

        var late = api.sweeper().sweep(START.plus(Duration.ofHours(2)));
        assertThat(late.linksRemoved()).isEqualTo(1);
        assertThat(late.blobsDeleted()).isEqualTo(1);
        assertThat(orphanFile).doesNotExist();
        assertThat(http("GET", "/v2/team/app/manifests/v1", null).headers().get("Docker-Content-Digest")).isEqualTo(kept);
        JsonNode manifest = AwsJson.mapper().readTree(http("GET", "/v2/team/app/manifests/v1", null).body());
        for (JsonNode blob : java.util.List.of(manifest.path("config"), manifest.path("layers").get(0))) {
            assertThat(http("HEAD", "/v2/team/app/blobs/" + blob.path("digest").asText(), null).status()).isEqualTo(200);
        }

        // a manifest pushed after its blob was collected is refused, and the push can be redone
        String text = manifest(orphan, 26, orphan, 26, "");
        RegistryResponse afterCollection = http("PUT", "/v2/team/app/manifests/v2", text.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(afterCollection.status()).isEqualTo(400);
        assertThat(text(afterCollection)).contains("MANIFEST_BLOB_UNKNOWN");
        assertThat(Files.exists(orphanFile)).isFalse();
    }

    @Test
    void putImageChecksItsDigestAndLayersAndImmutableTagsRefuseAnotherImage() {
        call("PutImageTagMutability", "{\"repositoryName\": \"team/app\", \"imageTagMutability\": \"IMMUTABLE\"}");
        String first = pushImage("team/app", "release", "one");
        pushImage("team/app", "candidate", "two");
        String otherManifest = call("BatchGetImage", "{\"repositoryName\": \"team/app\", \"imageIds\": [{\"imageTag\": "
                + "\"candidate\"}]}").at("/images/0/imageManifest").asText();
        ObjectNode put = AwsJson.mapper().createObjectNode().put("repositoryName", "team/app").put("imageTag", "release")
                .put("imageManifest", otherManifest);

        assertThatThrownBy(() -> call("PutImage", put.toString())).isInstanceOf(ApiException.class)
                .hasMessageContaining("cannot be overwritten because the repository is immutable")
                .extracting(e -> ((ApiException) e).code().type()).isEqualTo("ImageTagAlreadyExistsException");
        assertThat(http("PUT", "/v2/team/app/manifests/release", otherManifest.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/vnd.oci.image.manifest.v1+json").status()).isEqualTo(400);
        put.put("imageTag", "fresh").put("imageDigest", first);
        assertThatThrownBy(() -> call("PutImage", put.toString()))
                .extracting(e -> ((ApiException) e).code().type()).isEqualTo("ImageDigestDoesNotMatchException");
        put.remove("imageDigest");
        put.put("imageManifest", manifest(Digest.sha256(new byte[] {1}).toString(), 1, Digest.sha256(new byte[] {2})
                .toString(), 1, ""));
        assertThatThrownBy(() -> call("PutImage", put.toString()))
                .extracting(e -> ((ApiException) e).code().type()).isEqualTo("LayersNotFoundException");
        assertThat(call("DescribeImages", "{\"repositoryName\": \"team/app\", \"imageIds\": [{\"imageTag\": \"release\"}]}")
                .at("/imageDetails/0/imageDigest").asText()).isEqualTo(first);
    }

    @Test
    void aRepositoryWithImagesIsDeletedOnlyWithForce() {
        pushImage("team/app", "v1", "x");

        assertThatThrownBy(() -> call("DeleteRepository", "{\"repositoryName\": \"team/app\"}"))
                .extracting(e -> ((ApiException) e).code().type()).isEqualTo("RepositoryNotEmptyException");
        call("DeleteRepository", "{\"repositoryName\": \"team/app\", \"force\": true}");

        assertThatThrownBy(() -> call("DescribeRepositories", "{\"repositoryNames\": [\"team/app\"]}"))
                .extracting(e -> ((ApiException) e).code().type()).isEqualTo("RepositoryNotFoundException");
        assertThat(http("GET", "/v2/team/app/tags/list", null).status()).isEqualTo(404);
    }
}
