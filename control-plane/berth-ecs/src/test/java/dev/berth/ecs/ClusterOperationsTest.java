package dev.berth.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.domain.error.ApiException;
import dev.berth.ecs.common.EcsKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterOperationsTest {
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
    void theDefaultClusterExistsFromTheFirstStartAndStartingAgainChangesNothing() {
        long index = ecs.store.currentIndex();
        ecs.api.start();

        assertThat(ecs.store.currentIndex()).isEqualTo(index);
        assertThat(ecs.call("DescribeClusters", "{}").at("/clusters/0/clusterArn").asText())
                .isEqualTo("arn:aws:ecs:us-west-2:000000000000:cluster/default");
    }

    @Test
    void creatingAnExistingClusterReturnsItUnchanged() {
        ecs.call("CreateCluster", "{\"clusterName\":\"web\",\"tags\":[{\"key\":\"a\",\"value\":\"1\"}]}");
        long index = ecs.store.currentIndex();

        JsonNode again = ecs.call("CreateCluster", "{\"clusterName\":\"web\",\"tags\":[{\"key\":\"b\",\"value\":\"2\"}]}");

        assertThat(again.at("/cluster/tags/0/key").asText()).isEqualTo("a");
        assertThat(ecs.store.currentIndex()).isEqualTo(index);
    }

    @Test
    void countsComeFromWhatTheClusterHolds() {
        ecs.call("CreateCluster", "{\"clusterName\":\"prod\"}");
        put(EcsKinds.SERVICE, "prod/web", "{\"status\":\"ACTIVE\"}");
        put(EcsKinds.SERVICE, "prod/old", "{\"status\":\"DRAINING\"}");
        put(EcsKinds.SERVICE, "prod-2/other-cluster", "{\"status\":\"ACTIVE\"}");
        put(EcsKinds.CONTAINER_INSTANCE, "prod/i1", "{\"status\":\"ACTIVE\"}");
        put(EcsKinds.TASK, "prod/t1", "{\"lastStatus\":\"RUNNING\"}");
        put(EcsKinds.TASK, "prod/t2", "{\"lastStatus\":\"PENDING\"}");
        put(EcsKinds.TASK, "prod/t3", "{\"lastStatus\":\"STOPPED\"}");

        JsonNode cluster = ecs.call("DescribeClusters", "{\"clusters\":[\"prod\"],\"include\":[\"STATISTICS\"]}")
                .at("/clusters/0");

        assertThat(cluster.get("activeServicesCount").asInt()).isEqualTo(1);
        assertThat(cluster.get("registeredContainerInstancesCount").asInt()).isEqualTo(1);
        assertThat(cluster.get("runningTasksCount").asInt()).isEqualTo(1);
        assertThat(cluster.get("pendingTasksCount").asInt()).isEqualTo(1);
        assertThat(cluster.get("statistics").toString()).contains("{\"name\":\"drainingEC2ServiceCount\",\"value\":\"1\"}");
    }

    @Test
    void aClusterWithInstancesServicesOrTasksCannotBeDeleted() {
        ecs.call("CreateCluster", "{\"clusterName\":\"busy\"}");
        put(EcsKinds.CONTAINER_INSTANCE, "busy/i1", "{\"status\":\"DRAINING\"}");
        assertRefused("busy", "ClusterContainsContainerInstancesException");
        delete(EcsKinds.CONTAINER_INSTANCE, "busy/i1");

        put(EcsKinds.SERVICE, "busy/web", "{\"status\":\"ACTIVE\"}");
        assertRefused("busy", "ClusterContainsServicesException");
        delete(EcsKinds.SERVICE, "busy/web");

        put(EcsKinds.TASK, "busy/t1", "{\"lastStatus\":\"PROVISIONING\"}");
        assertRefused("busy", "ClusterContainsTasksException");
        delete(EcsKinds.TASK, "busy/t1");

        assertThat(ecs.call("DeleteCluster", "{\"cluster\":\"busy\"}").at("/cluster/status").asText()).isEqualTo("INACTIVE");
    }

    @Test
    void aDeletedClusterCanBeCreatedAgain() {
        ecs.call("CreateCluster", "{\"clusterName\":\"phoenix\",\"tags\":[{\"key\":\"v\",\"value\":\"1\"}]}");
        ecs.call("DeleteCluster", "{\"cluster\":\"arn:aws:ecs:us-west-2:000000000000:cluster/phoenix\"}");

        JsonNode reborn = ecs.call("CreateCluster", "{\"clusterName\":\"phoenix\"}");

        assertThat(reborn.at("/cluster/status").asText()).isEqualTo("ACTIVE");
        assertThat(reborn.at("/cluster/tags")).isEmpty();
    }

    @Test
    void listClustersPagesThroughManyClusters() {
        for (int i = 0; i < 250; i++) {
            ecs.call("CreateCluster", "{\"clusterName\":\"c" + String.format("%03d", i) + "\"}");
        }
        ecs.call("DeleteCluster", "{\"cluster\":\"c100\"}");
        List<String> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = ecs.call("ListClusters", "{\"maxResults\":100" + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}");
            page.get("clusterArns").forEach(arn -> all.add(arn.asText().substring(arn.asText().lastIndexOf('/') + 1)));
            token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
            pages++;
        } while (token != null);

        assertThat(all).hasSize(250).doesNotContain("c100").contains("default", "c000", "c249").isSorted();
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void settingsAndCapacityProvidersAreChecked() {
        assertThatThrownBy(() -> ecs.call("CreateCluster",
                "{\"clusterName\":\"x\",\"settings\":[{\"name\":\"containerInsights\",\"value\":\"sometimes\"}]}"))
                .hasMessageContaining("settings[0].value must be enhanced, enabled or disabled");
        assertThatThrownBy(() -> ecs.call("CreateCluster", "{\"clusterName\":\"x\",\"capacityProviders\":[\"my-asg\"]}"))
                .hasMessageContaining("capacityProviders[0] names 'my-asg'");
        assertThatThrownBy(() -> ecs.call("CreateCluster", "{\"clusterName\":\"bad name\"}"))
                .hasMessageContaining("clusterName must be 1 to 255 letters");
        JsonNode updated = ecs.call("UpdateClusterSettings",
                "{\"cluster\":\"default\",\"settings\":[{\"name\":\"containerInsights\",\"value\":\"enhanced\"}]}");
        assertThat(updated.at("/cluster/settings/0/value").asText()).isEqualTo("enhanced");
    }

    private void assertRefused(String cluster, String type) {
        assertThatThrownBy(() -> ecs.call("DeleteCluster", "{\"cluster\":\"" + cluster + "\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().type()).isEqualTo(type));
    }

    private void put(String kind, String id, String body) {
        ecs.store.write(tx -> tx.put(kind, id, body, 0));
    }

    private void delete(String kind, String id) {
        ecs.store.write(tx -> {
            tx.delete(kind, id, tx.get(kind, id).orElseThrow().version());
            return null;
        });
    }
}
