package dev.berth.tests.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.BerthRegistry;
import dev.berth.tests.support.DockerCli;
import dev.berth.tests.support.EcsTasks;
import dev.berth.tests.support.RunningBerth;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The registry as the runbooks use it: {@code aws ecr get-login-password | docker login}, push of
 * an image tagged with a git SHA, pull, a task whose image the agent pulls from Berth, immutable
 * tags, skopeo, lifecycle policies and garbage collection; and what the Docker CLI cannot show,
 * over raw HTTP.
 */
class RegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path directory;
    private static RunningBerth berth;
    private static BerthRegistry registry;
    private static AwsCli aws;
    private final List<String> localImages = new ArrayList<>();

    @BeforeAll
    static void start() {
        berth = RunningBerth.withAgent();
        registry = new BerthRegistry(berth.endpoint(), directory.resolve("docker-config"));
        aws = registry.aws();
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
            // what the agent pulled and the tests tagged: every image named after this registry
            for (String image : DockerCli.run("images", "--format", "{{.Repository}} {{.ID}}").lines().toList()) {
                if (image.startsWith(registry.host() + "/")) {
                    DockerCli.attempt("rmi", "-f", image.substring(image.indexOf(' ') + 1));
                }
            }
        }
    }

    @org.junit.jupiter.api.AfterEach
    void removeLocalImages() {
        localImages.forEach(image -> DockerCli.attempt("rmi", "-f", image));
    }

    private String build(String repository) {
        String reference = registry.host() + "/" + repository + ":" + BerthRegistry.gitSha();
        BerthRegistry.buildLayeredImage(reference, 512);
        localImages.add(reference);
        return reference;
    }

    @Test
    void dockerLogsInWithTheEcrPasswordPushesALayeredImageTaggedWithAGitShaAndPullsItBack() throws Exception {
        JsonNode created = aws.run("ecr", "create-repository", "--repository-name", "team/web").ok();
        assertThat(created.at("/repository/repositoryUri").asText()).isEqualTo(registry.host() + "/team/web");
        String reference = build("team/web");
        String tag = reference.substring(reference.lastIndexOf(':') + 1);
        String imageId = DockerCli.inspect(reference, "{{.Id}}");
        int layers = Integer.parseInt(DockerCli.inspect(reference, "{{len .RootFS.Layers}}"));
        assertThat(layers).isGreaterThanOrEqualTo(3);

        assertThat(registry.login()).contains("Login Succeeded");
        String pushed = registry.dockerOk("push", reference);

        assertThat(pushed).contains("digest: sha256:");
        JsonNode detail = aws.run("ecr", "describe-images", "--repository-name", "team/web").ok().at("/imageDetails/0");
        assertThat(detail.path("imageTags").get(0).asText()).isEqualTo(tag);
        assertThat(detail.path("imageSizeInBytes").asLong()).isGreaterThan(1024 * 1024);
        assertThat(detail.path("imageManifestMediaType").asText())
                .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(java.time.OffsetDateTime.parse(detail.path("imagePushedAt").asText()).toInstant())
                .isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
        assertThat(detail.has("lastRecordedPullTime")).isFalse();

        DockerCli.run("rmi", reference);
        assertThat(DockerCli.attempt("image", "inspect", reference).exitCode()).isNotZero();
        registry.dockerOk("pull", reference);

        assertThat(DockerCli.inspect(reference, "{{.Id}}")).isEqualTo(imageId);
        await().untilAsserted(() -> assertThat(aws.run("ecr", "describe-images", "--repository-name", "team/web",
                "--image-ids", "imageTag=" + tag).ok().at("/imageDetails/0").has("lastRecordedPullTime")).isTrue());
        JsonNode listed = aws.run("ecr", "list-images", "--repository-name", "team/web").ok();
        assertThat(listed.at("/imageIds/0/imageTag").asText()).isEqualTo(tag);
        JsonNode manifest = JSON.readTree(aws.run("ecr", "batch-get-image", "--repository-name", "team/web",
                "--image-ids", "imageTag=" + tag).ok().at("/images/0/imageManifest").asText());
        assertThat(manifest.path("layers")).hasSize(layers);
    }

    @Test
    void withoutCredentialsTheRegistryAnswers401WithABasicChallengeAndDockerCannotPush() throws Exception {
        aws.run("ecr", "create-repository", "--repository-name", "team/locked").ok();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(berth.endpoint().resolve("/v2/")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(berth.endpoint().resolve("/v2/team/locked/tags/list"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "AWS:b1.9999999999.forged".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
        assertThat(JSON.readTree(anonymous.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(forged.statusCode()).isEqualTo(401);

        String reference = build("team/locked");
        DockerCli.Result refused = DockerCli.attempt("--config", directory.resolve("no-login").toString(), "push", reference);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsAnyOf("no basic auth credentials", "unauthorized");
        assertThat(aws.run("ecr", "list-images", "--repository-name", "team/locked").ok().path("imageIds")).isEmpty();
    }

    @Test
    void aTaskRunsAnImageTheAgentPullsFromBerthsRegistryWithItsOwnCredentials() {
        aws.run("ecr", "create-repository", "--repository-name", "team/task").ok();
        String reference = build("team/task");
        registry.login();
        registry.dockerOk("push", reference);
        DockerCli.run("rmi", reference); // the agent must pull it
        try (EcsTasks ecs = new EcsTasks(berth)) {
            String definition = ecs.register("""
                    {"family": "from-berth", "containerDefinitions": [{"name": "main", "image": "%s", "memory": 32,
                      "stopTimeout": 1}]}""".formatted(reference));
            String taskArn = ecs.run(definition);

            Task running = ecs.awaitStatus(taskArn, "RUNNING");

            assertThat(DockerCli.inspect(running.containers().get(0).runtimeId(), "{{.Config.Image}}")).isEqualTo(reference);
            assertThat(DockerCli.run("exec", running.containers().get(0).runtimeId(), "cat", "/marker")).isEqualTo("one\ntwo");
            ecs.sdk().stopTask(b -> b.task(taskArn));
            ecs.awaitStatus(taskArn, "STOPPED");
        }
    }

    @Test
    void anImmutableTagCannotBePushedAgainByDockerNorByPutImage() throws Exception {
        aws.run("ecr", "create-repository", "--repository-name", "team/immutable", "--image-tag-mutability", "IMMUTABLE").ok();
        registry.login();
        String first = build("team/immutable");
        registry.dockerOk("push", first);
        String second = registry.host() + "/team/immutable:other";
        BerthRegistry.buildLayeredImage(second, 64);
        localImages.add(second);
        registry.dockerOk("push", second);
        DockerCli.run("tag", second, first);

        DockerCli.Result again = registry.docker("push", first);
        String otherManifest = aws.run("ecr", "batch-get-image", "--repository-name", "team/immutable",
                "--image-ids", "imageTag=other").ok().at("/images/0/imageManifest").asText();
        String tag = first.substring(first.lastIndexOf(':') + 1);
        AwsCli.Result putImage = aws.run("ecr", "put-image", "--repository-name", "team/immutable", "--image-tag", tag,
                "--image-manifest", otherManifest);

        assertThat(again.exitCode()).isNotZero();
        assertThat(again.output()).contains("tag invalid").contains("cannot be overwritten because the repository is immutable");
        assertThat(putImage.exitCode()).isNotZero();
        assertThat(putImage.stderr()).contains("ImageTagAlreadyExistsException");
        aws.run("ecr", "put-image-tag-mutability", "--repository-name", "team/immutable",
                "--image-tag-mutability", "MUTABLE").ok();
        registry.dockerOk("push", first);
        JsonNode moved = aws.run("ecr", "describe-images", "--repository-name", "team/immutable",
                "--image-ids", "imageTag=" + tag).ok();
        assertThat(moved.at("/imageDetails/0/imageTags").toString()).contains("other");
    }

    @Test
    void aBlobWhoseContentDoesNotMatchItsDigestIsRefusedAndNeverBecomesVisible() throws Exception {
        aws.run("ecr", "create-repository", "--repository-name", "team/digests").ok();
        byte[] content = "the real content".getBytes(StandardCharsets.UTF_8);
        String claimed = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("other content".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<byte[]> started = registry.http("POST", "/v2/team/digests/blobs/uploads/", null);
        String location = started.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> patched = registry.http("PATCH", location, content,
                "Content-Type", "application/octet-stream");
        HttpResponse<byte[]> finished = registry.http("PUT", location + "?digest=" + claimed, null);
        HttpResponse<byte[]> monolithic = registry.http("POST", "/v2/team/digests/blobs/uploads/?digest=" + claimed,
                content, "Content-Type", "application/octet-stream");

        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(patched.statusCode()).isEqualTo(202);
        assertThat(patched.headers().firstValue("Range")).hasValue("0-" + (content.length - 1));
        assertThat(finished.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(finished.body()).at("/errors/0/code").asText()).isEqualTo("DIGEST_INVALID");
        assertThat(monolithic.statusCode()).isEqualTo(400);
        assertThat(registry.http("HEAD", "/v2/team/digests/blobs/" + claimed, null).statusCode()).isEqualTo(404);
        assertThat(blobFiles()).noneMatch(file -> file.getFileName().toString().equals(claimed.substring(7)));
    }

    @Test
    void concurrentPushesOfTheSameBlobAllSucceedAndStoreItOnce() throws Exception {
        aws.run("ecr", "create-repository", "--repository-name", "team/concurrent").ok();
        byte[] content = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(content);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        List<Future<Integer>> pushes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                boolean chunked = i % 2 == 0;
                pushes.add(pool.submit(() -> chunked ? pushChunked("team/concurrent", content, digest)
                        : registry.http("POST", "/v2/team/concurrent/blobs/uploads/?digest=" + digest, content,
                                "Content-Type", "application/octet-stream").statusCode()));
            }
            for (Future<Integer> push : pushes) {
                assertThat(push.get()).isEqualTo(201);
            }
        }

        HttpResponse<byte[]> fetched = registry.http("GET", "/v2/team/concurrent/blobs/" + digest, null);
        HttpResponse<byte[]> ranged = registry.http("GET", "/v2/team/concurrent/blobs/" + digest, null,
                "Range", "bytes=100-199");

        assertThat(fetched.body()).isEqualTo(content);
        assertThat(fetched.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 200));
        assertThat(blobFiles()).filteredOn(file -> file.getFileName().toString().equals(digest.substring(7))).hasSize(1);
    }

    private int pushChunked(String repository, byte[] content, String digest) {
        String location = registry.http("POST", "/v2/" + repository + "/blobs/uploads/", null).headers()
                .firstValue("Location").orElseThrow();
        int half = content.length / 2;
        registry.http("PATCH", location, java.util.Arrays.copyOfRange(content, 0, half),
                "Content-Range", "0-" + (half - 1), "Content-Type", "application/octet-stream");
        registry.http("PATCH", location, java.util.Arrays.copyOfRange(content, half, content.length),
                "Content-Range", half + "-" + (content.length - 1), "Content-Type", "application/octet-stream");
        return registry.http("PUT", location + "?digest=" + digest, null).statusCode();
    }

    @Test
    void skopeoCopiesAnImageFromBerthToADirectoryAndBackIntoAnotherRepository() throws Exception {
        aws.run("ecr", "create-repository", "--repository-name", "team/source").ok();
        aws.run("ecr", "create-repository", "--repository-name", "team/copy").ok();
        registry.login();
        String reference = build("team/source");
        registry.dockerOk("push", reference);
        String tag = reference.substring(reference.lastIndexOf(':') + 1);
        Path copy = directory.resolve("skopeo-" + tag);
        String credentials = "AWS:" + registry.password();

        String out = skopeo("copy", "--src-tls-verify=false", "--src-creds", credentials, "docker://" + reference,
                "dir:" + copy);
        String back = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", credentials, "dir:" + copy,
                "docker://" + registry.host() + "/team/copy:" + tag);

        assertThat(copy.resolve("manifest.json")).exists();
        assertThat(out + back).doesNotContain("rror");
        String sourceDigest = aws.run("ecr", "describe-images", "--repository-name", "team/source").ok()
                .at("/imageDetails/0/imageDigest").asText();
        JsonNode copied = aws.run("ecr", "describe-images", "--repository-name", "team/copy").ok().at("/imageDetails/0");
        assertThat(copied.path("imageDigest").asText()).isEqualTo(sourceDigest);
        assertThat(copied.path("imageTags").get(0).asText()).isEqualTo(tag);
    }

    private static String skopeo(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("skopeo %s: %s", String.join(" ", arguments), output).isZero();
        return output;
    }

    @Test
    void aLifecyclePolicyKeepsTheNewestTaggedImagesExpiresUntaggedOnesAfterADayAndGarbageCollectionFreesTheDisk()
            throws Exception {
        aws.run("ecr", "create-repository", "--repository-name", "team/culled").ok();
        List<String> digests = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            digests.add(pushSmallImage("team/culled", "v" + i, i));
            Thread.sleep(20); // distinct push times: "newest" is by push time
        }
        String untagged = pushSmallImage("team/culled", null, 99);
        String policy = """
                {"rules": [
                  {"rulePriority": 1, "description": "keep the newest 3 releases",
                   "selection": {"tagStatus": "tagged", "tagPrefixList": ["v"], "countType": "imageCountMoreThan", "countNumber": 3},
                   "action": {"type": "expire"}},
                  {"rulePriority": 2, "description": "untagged images go after a day",
                   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1},
                   "action": {"type": "expire"}}]}""";
        AwsCli.Result badPolicy = aws.run("ecr", "put-lifecycle-policy", "--repository-name", "team/culled",
                "--lifecycle-policy-text", """
                {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged", "countType": "imageCountMoreThan",
                 "countNumber": 3}, "action": {"type": "expire"}}]}""");
        assertThat(badPolicy.exitCode()).isNotZero();
        assertThat(badPolicy.stderr()).contains("InvalidParameterException")
                .contains("Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.");

        aws.run("ecr", "start-lifecycle-policy-preview", "--repository-name", "team/culled",
                "--lifecycle-policy-text", policy).ok();
        JsonNode preview = aws.run("ecr", "get-lifecycle-policy-preview", "--repository-name", "team/culled").ok();
        assertThat(preview.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(preview.at("/summary/expiringImageTotalCount").asInt()).isEqualTo(2); // v1, v2; the untagged one is new
        long before = bytesUnder(blobRoot());

        aws.run("ecr", "put-lifecycle-policy", "--repository-name", "team/culled", "--lifecycle-policy-text", policy).ok();
        // a day and an hour later, on the sweeper's injected clock
        berth.server().ecr().sweeper().sweep(Instant.now().plus(Duration.ofHours(25)));

        JsonNode left = aws.run("ecr", "list-images", "--repository-name", "team/culled").ok();
        assertThat(left.path("imageIds").findValuesAsText("imageTag")).containsExactlyInAnyOrder("v3", "v4", "v5");
        assertThat(left.toString()).doesNotContain(untagged).doesNotContain(digests.get(0)).doesNotContain(digests.get(1));
        assertThat(aws.run("ecr", "get-lifecycle-policy", "--repository-name", "team/culled").ok()
                .has("lastEvaluatedAt")).isTrue();
        assertThat(bytesUnder(blobRoot())).isLessThan(before - 3 * 200_000);
        for (String digest : List.of(digests.get(2), digests.get(3), digests.get(4))) {
            assertThat(registry.http("GET", "/v2/team/culled/manifests/" + digest, null).statusCode()).isEqualTo(200);
        }
    }

    /** An image of one 200 kB random layer and a config, pushed over HTTP; returns its manifest digest. */
    private String pushSmallImage(String repository, String tag, int seed) throws Exception {
        byte[] layer = new byte[200_000];
        new Random(seed).nextBytes(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + ",\"rootfs\":{\"type\":\"layers\"}}")
                .getBytes(StandardCharsets.UTF_8);
        String layerDigest = sha256(layer);
        String configDigest = sha256(config);
        for (var blob : Map.of(layerDigest, layer, configDigest, config).entrySet()) {
            assertThat(registry.http("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + blob.getKey(),
                    blob.getValue(), "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
        }
        byte[] manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "%s", "size": %d},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "%s", "size": %d}]}"""
                .formatted(configDigest, config.length, layerDigest, layer.length).getBytes(StandardCharsets.UTF_8);
        String digest = sha256(manifest);
        HttpResponse<byte[]> put = registry.http("PUT", "/v2/" + repository + "/manifests/" + (tag == null ? digest : tag),
                manifest, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        return digest;
    }

    static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static Path blobRoot() {
        return berth.server().dataDir().resolve("registry").resolve("blobs");
    }

    private static List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(blobRoot())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    static long bytesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
