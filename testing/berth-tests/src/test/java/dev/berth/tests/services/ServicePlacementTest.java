package dev.berth.tests.services;

import static dev.berth.tests.services.ServicesTest.healthy;
import static dev.berth.tests.services.ServicesTest.suffix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.tests.support.EcsServices;
import dev.berth.tests.support.RunningBerth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Services across two container instances on a real Docker Engine: an ON_DEMAND one in zone
 * {@code local} and a SPOT one in zone {@code zone-b} with the attribute {@code role=worker}.
 * Placement strategies and constraints, capacity providers, daemons and draining, through the AWS CLI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicePlacementTest {
    private static final Duration DEPLOY = Duration.ofSeconds(90);
    private static RunningBerth berth;
    private static EcsServices ecs;
    private static String onDemand;
    private static String spot;

    @BeforeAll
    static void start() {
        berth = RunningBerth.withAgent();
        onDemand = berth.instanceId();
        spot = berth.addAgent(Map.of("role", "worker"), "SPOT", "zone-b");
        ecs = new EcsServices(berth.endpoint());
    }

    @AfterAll
    static void stop() {
        ecs.close();
        berth.close();
    }

    /** Creates a service of {@code count} healthy tasks with extra create-service arguments and waits for steady state. */
    private static String steady(String prefix, int count, String... extra) {
        String name = prefix + "-" + suffix();
        List<String> arguments = new ArrayList<>(List.of("create-service", "--service-name", name, "--task-definition",
                ecs.register(healthy(name, "v1")), "--desired-count", Integer.toString(count)));
        arguments.addAll(List.of(extra));
        ecs.ecs(arguments.toArray(String[]::new));
        ecs.awaitStable(name, DEPLOY);
        return name;
    }

    /** How many of the service's live tasks each instance holds, by instance id. */
    private static Map<String, Long> perInstance(String service) {
        return ecs.tasksOf(service).stream().collect(Collectors.groupingBy(
                task -> task.containerInstanceArn().replaceAll(".*/", ""), Collectors.counting()));
    }

    private static void delete(String name) {
        ecs.ecs("delete-service", "--service", name, "--force");
    }

    @Test
    void theDefaultStrategySpreadsOverZonesThenInstances() {
        String name = steady("spread", 4);

        assertThat(perInstance(name)).isEqualTo(Map.of(onDemand, 2L, spot, 2L));
        assertThat(ecs.tasksOf(name)).extracting(Task::availabilityZone).containsOnly("local", "zone-b");
        delete(name);
    }

    @Test
    void binpackOnMemoryFillsOneInstanceFirst() {
        String name = steady("binpack", 3, "--placement-strategy", "type=binpack,field=memory");

        assertThat(perInstance(name)).hasSize(1).containsValue(3L);
        delete(name);
    }

    @Test
    void distinctInstancePlacesOneTaskPerInstanceAndSaysWhyTheThirdWaits() {
        String name = "distinct-" + suffix();
        ecs.ecs("create-service", "--service-name", name, "--task-definition", ecs.register(healthy(name, "v1")),
                "--desired-count", "3", "--placement-constraints", "type=distinctInstance");

        Awaitility.await().atMost(DEPLOY).until(() -> ecs.describe(name).runningCount() == 2
                && ecs.events(name).stream().anyMatch(event -> event.contains("was unable to place a task")));

        assertThat(perInstance(name)).isEqualTo(Map.of(onDemand, 1L, spot, 1L));
        assertThat(ecs.events(name)).anyMatch(event -> event.matches("\\(service " + name + "\\) was unable to place a task "
                + "because no container instance met all of its requirements\\. The closest matching \\(container-instance "
                + "\\w+\\) encountered error \"DistinctInstance placement constraint unsatisfied\\.\"\\..*"));
        Service service = ecs.describe(name);
        assertThat(service.desiredCount()).isEqualTo(3);
        assertThat(service.deployments().get(0).rolloutStateAsString()).isEqualTo("IN_PROGRESS");
        delete(name);
    }

    @Test
    void memberOfWithTheClusterQueryLanguageKeepsTasksOnMatchingInstances() {
        String name = steady("member", 3, "--placement-constraints",
                "type=memberOf,expression=\"attribute:role == worker and attribute:ecs.availability-zone in [zone-b, zone-c]\"");

        assertThat(perInstance(name)).isEqualTo(Map.of(spot, 3L));
        delete(name);
    }

    @Test
    void capacityProvidersPutTasksOnSpotOrOnDemandInstances() {
        String portal = steady("portal", 2, "--capacity-provider-strategy", "capacityProvider=FARGATE_SPOT,weight=1");
        String ingester = steady("ingester", 2, "--capacity-provider-strategy", "capacityProvider=FARGATE,weight=1");
        String split = steady("split", 5, "--capacity-provider-strategy", "capacityProvider=FARGATE,base=1,weight=1",
                "capacityProvider=FARGATE_SPOT,weight=3");

        assertThat(perInstance(portal)).isEqualTo(Map.of(spot, 2L));
        assertThat(ecs.tasksOf(portal)).extracting(Task::capacityProviderName).containsOnly("FARGATE_SPOT");
        assertThat(perInstance(ingester)).isEqualTo(Map.of(onDemand, 2L));
        assertThat(perInstance(split)).as("base 1 on FARGATE, the other 4 by weight 1:3").isEqualTo(Map.of(onDemand, 2L, spot, 3L));
        assertThat(ecs.describe(split).capacityProviderStrategy()).hasSize(2);
        List.of(portal, ingester, split).forEach(ServicePlacementTest::delete);
    }

    @Test
    void tasksOnADrainingInstanceAreReplacedElsewhereBeforeTheyStop() {
        String name = steady("drain", 2);
        assertThat(perInstance(name)).isEqualTo(Map.of(onDemand, 1L, spot, 1L));
        String spotArn = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/" + spot;

        ecs.ecs("update-container-instances-state", "--container-instances", spotArn, "--status", "DRAINING");
        try {
            int fewestRunning = Integer.MAX_VALUE;
            long deadline = System.nanoTime() + DEPLOY.toNanos();
            while (!perInstance(name).equals(Map.of(onDemand, 2L)) || !EcsServices.stable(ecs.describe(name))) {
                assertThat(System.nanoTime()).as("drained within " + DEPLOY).isLessThan(deadline);
                fewestRunning = Math.min(fewestRunning, (int) ecs.tasksOf(name).stream()
                        .filter(task -> task.lastStatus().equals("RUNNING") && task.desiredStatus().equals("RUNNING")).count());
            }
            assertThat(fewestRunning).as("the replacement runs before the drained task stops (minimumHealthyPercent 100)")
                    .isGreaterThanOrEqualTo(2);
            assertThat(ecs.sdk().describeContainerInstances(b -> b.containerInstances(spotArn)).containerInstances().get(0)
                    .runningTasksCount()).isZero();
        } finally {
            ecs.ecs("update-container-instances-state", "--container-instances", spotArn, "--status", "ACTIVE");
        }
        delete(name);
    }

    @Test
    @Order(Integer.MAX_VALUE) // it adds a third instance, which the other tests do not expect
    void aDaemonRunsOneTaskPerInstanceIncludingOneThatJoinsLater() {
        String name = "daemon-" + suffix();
        ecs.ecs("create-service", "--service-name", name, "--task-definition", ecs.register(healthy(name, "v1")),
                "--scheduling-strategy", "DAEMON");
        Service service = ecs.awaitStable(name, DEPLOY);
        assertThat(service.desiredCount()).isEqualTo(2);
        assertThat(perInstance(name)).isEqualTo(Map.of(onDemand, 1L, spot, 1L));

        String third = berth.addAgent(Map.of(), "ON_DEMAND", "zone-c");

        Awaitility.await().atMost(DEPLOY).until(() -> perInstance(name).equals(Map.of(onDemand, 1L, spot, 1L, third, 1L))
                && EcsServices.stable(ecs.describe(name)));
        assertThat(ecs.describe(name).desiredCount()).isEqualTo(3);
        delete(name);
    }
}
