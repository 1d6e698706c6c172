package dev.berth.tests.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.store.PostgresTestDatabase;
import dev.berth.tests.support.RawAwsJson;
import dev.berth.tests.support.RunningBerth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Revisions are atomic under concurrency: 50 parallel registrations of one family give exactly 1..50. */
class ConcurrentRegistrationTest {
    private static final int REGISTRATIONS = 50;

    @Test
    void fiftyParallelRegistrationsGetRevisionsOneToFiftyOnSqlite() throws Exception {
        try (RunningBerth berth = RunningBerth.onSqlite()) {
            assertThat(registerInParallel(new RawAwsJson(berth.endpoint()))).containsExactlyInAnyOrderElementsOf(expected());
        }
    }

    @Test
    void fiftyParallelRegistrationsGetRevisionsOneToFiftyOnPostgres() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
             RunningBerth berth = RunningBerth.onStore(database.url())) {
            assertThat(registerInParallel(new RawAwsJson(berth.endpoint()))).containsExactlyInAnyOrderElementsOf(expected());
        }
    }

    @Test
    void twoServersOnOnePostgresShareRevisionNumbering() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
             RunningBerth first = RunningBerth.onStore(database.url());
             RunningBerth second = RunningBerth.onStore(database.url())) {
            List<Integer> revisions = new ArrayList<>();
            revisions.addAll(registerInParallel(new RawAwsJson(first.endpoint()), 25));
            revisions.addAll(registerInParallel(new RawAwsJson(second.endpoint()), 25));
            assertThat(revisions).containsExactlyInAnyOrderElementsOf(expected());
        }
    }

    private static List<Integer> expected() {
        return IntStream.rangeClosed(1, REGISTRATIONS).boxed().toList();
    }

    private static List<Integer> registerInParallel(RawAwsJson http) throws Exception {
        return registerInParallel(http, REGISTRATIONS);
    }

    private static List<Integer> registerInParallel(RawAwsJson http, int count) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try {
            List<Future<Integer>> revisions = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<Integer> register = () -> {
                    go.await();
                    RawAwsJson.Answer answer = http.ecs("RegisterTaskDefinition",
                            "{\"family\":\"racer\",\"containerDefinitions\":[{\"name\":\"r\",\"image\":\"busybox\",\"memory\":32}]}");
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    return answer.json().at("/taskDefinition/revision").asInt();
                };
                revisions.add(clients.submit(register));
            }
            go.countDown();
            List<Integer> result = new ArrayList<>();
            for (Future<Integer> revision : revisions) {
                result.add(revision.get());
            }
            return result;
        } finally {
            clients.shutdownNow();
        }
    }
}
