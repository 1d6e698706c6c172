package dev.berth.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDefinitionOperationsTest {
    @TempDir
    Path directory;
    EcsFixture ecs;

    @BeforeEach
    void open() {
        ecs = new EcsFixture(directory);
    }

    @AfterEach
    void close() {
        ecs.close();
    }

    @Test
    void registrationStampsRevisionStatusTimeAndCaller() {
        JsonNode definition = ecs.call("RegisterTaskDefinition", EcsFixture.worker("api")).get("taskDefinition");

        assertThat(definition.get("taskDefinitionArn").asText()).isEqualTo("arn:aws:ecs:us-west-2:000000000000:task-definition/api:1");
        assertThat(definition.get("registeredAt").toString()).isEqualTo("1795341600.123");
        assertThat(definition.get("registeredBy").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(definition.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void aBareFamilyMeansTheLatestActiveRevision() {
        for (int i = 0; i < 3; i++) {
            ecs.call("RegisterTaskDefinition", EcsFixture.worker("api"));
        }
        ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"api:3\"}");

        assertThat(ecs.call("DescribeTaskDefinition", "{\"taskDefinition\":\"api\"}").at("/taskDefinition/revision").asInt())
                .isEqualTo(2);
        ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"api:2\"}");
        ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"api:1\"}");
        assertThatThrownBy(() -> ecs.call("DescribeTaskDefinition", "{\"taskDefinition\":\"api\"}"))
                .hasMessage("Unable to describe task definition.");
    }

    @Test
    void listingFiltersByStatusAndPagesInBothDirectionsAcrossFamilies() {
        for (String family : List.of("alpha", "beta", "beta-2")) {
            for (int i = 0; i < 120; i++) {
                ecs.call("RegisterTaskDefinition", EcsFixture.worker(family));
            }
        }
        ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"beta:7\"}");

        List<String> ascending = listAll("{\"maxResults\":100");
        assertThat(ascending).hasSize(359).startsWith("alpha:1", "alpha:2").endsWith("beta-2:120").doesNotContain("beta:7");
        assertThat(ascending.indexOf("beta:120")).isLessThan(ascending.indexOf("beta-2:1"));
        assertThat(listAll("{\"familyPrefix\":\"beta\",\"sort\":\"DESC\",\"maxResults\":50"))
                .hasSize(119).startsWith("beta:120", "beta:119").endsWith("beta:1");
        assertThat(listAll("{\"status\":\"INACTIVE\"")).containsExactly("beta:7");
    }

    @Test
    void familiesAreActiveWhileTheyHaveAnActiveRevision() {
        ecs.call("RegisterTaskDefinition", EcsFixture.worker("live"));
        ecs.call("RegisterTaskDefinition", EcsFixture.worker("retired"));
        ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"retired:1\"}");

        assertThat(families("{}")).containsExactly("live", "retired");
        assertThat(families("{\"status\":\"ACTIVE\"}")).containsExactly("live");
        assertThat(families("{\"status\":\"INACTIVE\"}")).containsExactly("retired");
        assertThat(families("{\"familyPrefix\":\"re\"}")).containsExactly("retired");
    }

    @Test
    void deletionNeedsInactiveRevisionsAndNeverFreesTheirNumbers() {
        ecs.call("RegisterTaskDefinition", EcsFixture.worker("job"));
        ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"job:1\"}");

        JsonNode deleted = ecs.call("DeleteTaskDefinitions", "{\"taskDefinitions\":[\"job:1\",\"job:9\"]}");

        assertThat(deleted.at("/taskDefinitions/0/status").asText()).isEqualTo("DELETE_IN_PROGRESS");
        assertThat(deleted.at("/taskDefinitions/0/deleteRequestedAt").toString()).isEqualTo("1795341600.123");
        assertThat(deleted.at("/failures/0/reason").asText()).isEqualTo("The specified task definition does not exist.");
        assertThatThrownBy(() -> ecs.call("DeregisterTaskDefinition", "{\"taskDefinition\":\"job:1\"}"))
                .hasMessageContaining("being deleted");
        assertThat(ecs.call("RegisterTaskDefinition", EcsFixture.worker("job")).at("/taskDefinition/revision").asInt())
                .isEqualTo(2);
    }

    @Test
    void aPageTokenBelongsToTheOperationThatIssuedIt() {
        for (int i = 0; i < 3; i++) {
            ecs.call("CreateCluster", "{\"clusterName\":\"c" + i + "\"}");
        }
        String clusterToken = ecs.call("ListClusters", "{\"maxResults\":1}").get("nextToken").asText();

        assertThatThrownBy(() -> ecs.call("ListTaskDefinitions", "{\"nextToken\":\"" + clusterToken + "\"}"))
                .hasMessageContaining("nextToken is not a token this operation returned");
    }

    private List<String> listAll(String requestPrefix) {
        List<String> revisions = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = ecs.call("ListTaskDefinitions", requestPrefix + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}");
            page.get("taskDefinitionArns").forEach(arn -> revisions.add(arn.asText().substring(arn.asText().lastIndexOf('/') + 1)));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
        } while (token != null);
        return revisions;
    }

    private List<String> families(String request) {
        List<String> families = new ArrayList<>();
        ecs.call("ListTaskDefinitionFamilies", request).get("families").forEach(family -> families.add(family.asText()));
        return families;
    }
}
