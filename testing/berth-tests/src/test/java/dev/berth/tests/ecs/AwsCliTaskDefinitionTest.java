package dev.berth.tests.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.tests.support.AwsCli;
import dev.berth.tests.support.JsonSubset;
import dev.berth.tests.support.RunningBerth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real AWS CLI v2 registers, describes, lists, deregisters and deletes against Berth, unchanged but for the endpoint. */
class AwsCliTaskDefinitionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningBerth berth;
    private static AwsCli aws;

    @TempDir
    Path files;

    @BeforeAll
    static void start() {
        berth = RunningBerth.onSqlite();
        aws = new AwsCli(berth.endpoint(), "us-west-1");
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @Test
    void aRealisticTwoContainerWebAppComesBackAsItWentIn() throws IOException {
        ObjectNode given = webApp("planscape-web");
        Path input = files.resolve("task-definition.json");
        Files.writeString(input, given.toString());

        JsonNode registered = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + input).ok();

        JsonNode definition = registered.get("taskDefinition");
        ObjectNode withoutTags = given.deepCopy();
        withoutTags.remove("tags");
        assertThat(JsonSubset.differences(withoutTags, definition)).isEmpty();
        assertThat(registered.get("tags")).isEqualTo(given.get("tags"));
        assertThat(definition.get("taskDefinitionArn").asText())
                .isEqualTo("arn:aws:ecs:us-west-1:000000000000:task-definition/planscape-web:1");
        assertThat(definition.get("revision").asInt()).isEqualTo(1);
        assertThat(definition.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(definition.get("registeredBy").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(definition.get("compatibilities")).extracting(JsonNode::asText).containsExactly("EXTERNAL", "EC2");
        assertThat(names(definition.get("requiresAttributes"))).contains(
                "com.amazonaws.ecs.capability.logging-driver.awslogs", "ecs.capability.execution-role-awslogs",
                "ecs.capability.container-health-check", "ecs.capability.container-ordering",
                "ecs.capability.secrets.ssm.environment-variables", "ecs.capability.secrets.asm.environment-variables",
                "com.amazonaws.ecs.capability.task-iam-role");

        JsonNode described = aws.run("ecs", "describe-task-definition", "--task-definition", "planscape-web",
                "--include", "TAGS").ok();
        assertThat(described.get("taskDefinition")).isEqualTo(definition);
        assertThat(described.get("tags")).isEqualTo(given.get("tags"));
    }

    @Test
    void revisionsListPageAndDeregisterLikeEcs() throws IOException {
        String family = "indexer";
        for (int i = 0; i < 3; i++) {
            Path input = files.resolve("indexer-" + i + ".json");
            Files.writeString(input, worker(family, "indexer:" + i).toString());
            assertThat(aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + input).ok()
                    .at("/taskDefinition/revision").asInt()).isEqualTo(i + 1);
        }

        // --page-size makes the CLI ask for one item per call and follow nextToken itself.
        JsonNode ascending = aws.run("ecs", "list-task-definitions", "--family-prefix", family, "--page-size", "1").ok();
        assertThat(texts(ascending.get("taskDefinitionArns"))).containsExactly(
                arn(family, 1), arn(family, 2), arn(family, 3));
        JsonNode descending = aws.run("ecs", "list-task-definitions", "--family-prefix", family, "--sort", "DESC").ok();
        assertThat(texts(descending.get("taskDefinitionArns"))).containsExactly(
                arn(family, 3), arn(family, 2), arn(family, 1));

        JsonNode deregistered = aws.run("ecs", "deregister-task-definition", "--task-definition", family + ":3").ok();
        assertThat(deregistered.at("/taskDefinition/status").asText()).isEqualTo("INACTIVE");
        assertThat(deregistered.at("/taskDefinition/deregisteredAt").isMissingNode()).isFalse();

        assertThat(aws.run("ecs", "describe-task-definition", "--task-definition", family).ok()
                .at("/taskDefinition/revision").asInt()).as("a bare family means its latest ACTIVE revision").isEqualTo(2);
        assertThat(aws.run("ecs", "describe-task-definition", "--task-definition", arn(family, 3)).ok()
                .at("/taskDefinition/status").asText()).as("an INACTIVE revision stays describable").isEqualTo("INACTIVE");
        assertThat(texts(aws.run("ecs", "list-task-definitions", "--family-prefix", family, "--status", "INACTIVE").ok()
                .get("taskDefinitionArns"))).containsExactly(arn(family, 3));
        assertThat(texts(aws.run("ecs", "list-task-definition-families", "--family-prefix", "index").ok()
                .get("families"))).containsExactly(family);
    }

    @Test
    void invalidDefinitionsAreRefusedWithTheFieldNamed() throws IOException {
        ObjectNode bad = webApp("broken");
        ((ObjectNode) bad.get("containerDefinitions").get(1)).putArray("portMappings").addObject()
                .put("containerPort", 70000);
        Path input = files.resolve("broken.json");
        Files.writeString(input, bad.toString());

        AwsCli.Result result = aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + input);

        assertThat(result.exitCode()).isEqualTo(254);
        assertThat(result.stderr()).contains("(ClientException)")
                .contains("containerDefinitions[1].portMappings[0].containerPort");
        assertThat(aws.run("ecs", "list-task-definition-families", "--family-prefix", "broken").ok().get("families"))
                .isEmpty();
    }

    @Test
    void clustersAreCreatedDescribedTaggedUpdatedAndDeleted() {
        String name = "PlanscapeDevCluster";
        String clusterArn = "arn:aws:ecs:us-west-1:000000000000:cluster/" + name;
        JsonNode created = aws.run("ecs", "create-cluster", "--cluster-name", name, "--tags", "key=team,value=geo",
                "--settings", "name=containerInsights,value=enabled").ok();
        assertThat(created.at("/cluster/clusterArn").asText()).isEqualTo(clusterArn);
        assertThat(created.at("/cluster/status").asText()).isEqualTo("ACTIVE");

        JsonNode described = aws.run("ecs", "describe-clusters", "--clusters", name, "missing-cluster",
                "--include", "TAGS", "SETTINGS").ok();
        assertThat(described.at("/clusters/0/tags/0/key").asText()).isEqualTo("team");
        assertThat(described.at("/clusters/0/settings/0/value").asText()).isEqualTo("enabled");
        assertThat(described.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        assertThat(described.at("/failures/0/arn").asText()).endsWith("cluster/missing-cluster");
        assertThat(texts(aws.run("ecs", "list-clusters").ok().get("clusterArns"))).contains(clusterArn,
                "arn:aws:ecs:us-west-1:000000000000:cluster/default");

        aws.run("ecs", "update-cluster", "--cluster", name, "--settings", "name=containerInsights,value=disabled").ok();
        aws.run("ecs", "tag-resource", "--resource-arn", clusterArn, "--tags", "key=owner,value=platform").ok();
        aws.run("ecs", "untag-resource", "--resource-arn", clusterArn, "--tag-keys", "team").ok();
        JsonNode tags = aws.run("ecs", "list-tags-for-resource", "--resource-arn", clusterArn).ok();
        assertThat(tags.get("tags")).hasSize(1);
        assertThat(tags.at("/tags/0/key").asText()).isEqualTo("owner");

        JsonNode deleted = aws.run("ecs", "delete-cluster", "--cluster", name).ok();
        assertThat(deleted.at("/cluster/status").asText()).isEqualTo("INACTIVE");
        assertThat(aws.run("ecs", "describe-clusters", "--clusters", clusterArn).ok().at("/clusters/0/status").asText())
                .isEqualTo("INACTIVE");
        assertThat(texts(aws.run("ecs", "list-clusters").ok().get("clusterArns"))).doesNotContain(clusterArn);
        AwsCli.Result again = aws.run("ecs", "delete-cluster", "--cluster", name);
        assertThat(again.stderr()).contains("(ClusterNotFoundException)");
    }

    @Test
    void taskDefinitionsAreTaggedByArn() throws IOException {
        Path input = files.resolve("tagged.json");
        Files.writeString(input, worker("tagged", "tagged:1").toString());
        aws.run("ecs", "register-task-definition", "--cli-input-json", "file://" + input).ok();

        aws.run("ecs", "tag-resource", "--resource-arn", arn("tagged", 1), "--tags", "key=release,value=2026.11").ok();

        JsonNode tags = aws.run("ecs", "list-tags-for-resource", "--resource-arn", arn("tagged", 1)).ok();
        assertThat(tags.at("/tags/0/key").asText()).isEqualTo("release");
        assertThat(tags.at("/tags/0/value").asText()).isEqualTo("2026.11");
    }

    static ObjectNode webApp(String family) throws IOException {
        try (InputStream in = AwsCliTaskDefinitionTest.class.getResourceAsStream("/taskdefinitions/planscape-web.json")) {
            ObjectNode definition = (ObjectNode) JSON.readTree(in);
            definition.put("family", family);
            return definition;
        }
    }

    static ObjectNode worker(String family, String image) {
        ObjectNode definition = JSON.createObjectNode();
        definition.put("family", family);
        ObjectNode container = definition.putArray("containerDefinitions").addObject();
        container.put("name", "worker");
        container.put("image", image);
        container.put("memory", 128);
        return definition;
    }

    private static String arn(String family, int revision) {
        return "arn:aws:ecs:us-west-1:000000000000:task-definition/" + family + ":" + revision;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> names(JsonNode attributes) {
        List<String> values = new ArrayList<>();
        attributes.forEach(value -> values.add(value.get("name").asText()));
        return values;
    }
}
