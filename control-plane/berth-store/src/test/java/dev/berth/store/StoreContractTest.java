package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, run against each implementation on a real database. A subclass says
 * how to open a store and how to open the same store again (after a close, as after a restart).
 */
public abstract class StoreContractTest {
    protected Store store;

    /** Opens the store under test; each call after the first opens the same data again. */
    protected abstract Store open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    /** Runs after each test has closed its store: a place to drop what {@link #open} created. */
    protected void afterEachTest() {
    }

    @AfterEach
    void closeStore() {
        store.close();
        afterEachTest();
    }

    @Test
    void aCreatedRecordCanBeReadBackWithVersionOneAndTheTransactionsIndex() {
        long before = store.currentIndex();

        Record written = store.write(tx -> tx.put("cluster", "default", "{\"a\":1}", 0));

        assertThat(written.version()).isEqualTo(1);
        assertThat(written.changeIndex()).isEqualTo(before + 1);
        assertThat(store.get("cluster", "default")).contains(written);
        assertThat(store.currentIndex()).isEqualTo(before + 1);
    }

    @Test
    void creatingARecordThatExistsIsAConflict() {
        store.write(tx -> tx.put("cluster", "web", "v1", 0));

        assertThatThrownBy(() -> store.write(tx -> tx.put("cluster", "web", "again", 0)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("expected version 0 but found 1");
        assertThat(store.get("cluster", "web").orElseThrow().body()).isEqualTo("v1");
    }

    @Test
    void aStaleWriteGetsAConflictNotALostUpdate() {
        Record original = store.write(tx -> tx.put("service", "c/web", "original", 0));
        store.write(tx -> tx.put("service", "c/web", "first update", original.version()));

        assertThatThrownBy(() -> store.write(tx -> tx.put("service", "c/web", "stale update", original.version())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("expected version 1 but found 2");
        Record current = store.get("service", "c/web").orElseThrow();
        assertThat(current.body()).isEqualTo("first update");
        assertThat(current.version()).isEqualTo(2);
    }

    @Test
    void aTransactionThatConflictsWritesNothingAtAll() {
        store.write(tx -> tx.put("family", "web", "1", 0));
        long before = store.currentIndex();

        assertThatThrownBy(() -> store.write(tx -> {
            tx.put("revision", "web#1", "first write of the transaction", 0);
            return tx.put("family", "web", "2", 0); // conflicts: the family exists
        })).isInstanceOf(ConflictException.class);

        assertThat(store.get("revision", "web#1")).isEmpty();
        assertThat(store.currentIndex()).isEqualTo(before);
        assertThat(store.changesSince(before, 10)).isEmpty();
    }

    @Test
    void anExceptionInsideTheWorkRollsEverythingBack() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.put("cluster", "half", "written", 0);
            throw new IllegalStateException("the work failed");
        })).hasMessage("the work failed");

        assertThat(store.get("cluster", "half")).isEmpty();
    }

    @Test
    void aTransactionSeesItsOwnWritesAndAllCommitTogether() {
        long index = store.write(tx -> {
            tx.put("a", "1", "one", 0);
            tx.put("a", "2", "two", 0);
            assertThat(tx.get("a", "1")).map(Record::body).contains("one");
            assertThat(tx.list(ListQuery.all("a", 10))).hasSize(2);
            return tx.changeIndex();
        });

        assertThat(store.get("a", "1").orElseThrow().changeIndex()).isEqualTo(index);
        assertThat(store.get("a", "2").orElseThrow().changeIndex()).isEqualTo(index);
    }

    @Test
    void deletingLeavesATombstoneForWatchersAndTheKeyCanBeCreatedAgain() {
        Record created = store.write(tx -> tx.put("task", "c/abc", "running", 0));
        long afterCreate = store.currentIndex();

        store.write(tx -> {
            tx.delete("task", "c/abc", created.version());
            return null;
        });

        assertThat(store.get("task", "c/abc")).isEmpty();
        assertThat(store.list(ListQuery.all("task", 10))).isEmpty();
        List<Record> changes = store.changesSince(afterCreate, 10);
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.deleted()).isTrue();
            assertThat(change.id()).isEqualTo("c/abc");
        });
        Record recreated = store.write(tx -> tx.put("task", "c/abc", "again", 0));
        assertThat(recreated.version()).isEqualTo(3);
    }

    @Test
    void deletingWithAStaleVersionIsAConflict() {
        Record created = store.write(tx -> tx.put("task", "t", "1", 0));
        store.write(tx -> tx.put("task", "t", "2", created.version()));

        assertThatThrownBy(() -> store.write(tx -> {
            tx.delete("task", "t", created.version());
            return null;
        })).isInstanceOf(ConflictException.class);
        assertThat(store.get("task", "t")).isPresent();
    }

    @Test
    void listsPageInBytewiseIdOrderWithinAPrefix() {
        store.write(tx -> {
            for (String id : List.of("web#0000000002", "web-2#0000000001", "web#0000000001", "web#0000000010", "api#1")) {
                tx.put("revision", id, id, 0);
            }
            tx.put("other", "web#0000000003", "another kind", 0);
            return null;
        });

        assertThat(ids(store.list(ListQuery.all("revision", 100))))
                .containsExactly("api#1", "web#0000000001", "web#0000000002", "web#0000000010", "web-2#0000000001");
        ListQuery family = ListQuery.prefix("revision", "web#", 2);
        List<Record> firstPage = store.list(family);
        assertThat(ids(firstPage)).containsExactly("web#0000000001", "web#0000000002");
        assertThat(ids(store.list(family.after("web#0000000002")))).containsExactly("web#0000000010");
        assertThat(ids(store.list(family.reversed()))).containsExactly("web#0000000010", "web#0000000002");
        assertThat(ids(store.list(family.reversed().after("web#0000000002")))).containsExactly("web#0000000001");
    }

    @Test
    void recordsCanBeListedByTheSecondaryKeyTheyWereCreatedWith() {
        store.write(tx -> {
            tx.put("task", "prod/t1", "a", 0, "prod/instance-1");
            tx.put("task", "prod/t2", "b", 0, "prod/instance-2");
            tx.put("task", "prod/t3", "c", 0, "prod/instance-1");
            tx.put("task", "prod/t4", "d", 0);
            return null;
        });
        Record t1 = store.get("task", "prod/t1").orElseThrow();
        assertThat(t1.indexKey()).isEqualTo("prod/instance-1");

        store.write(tx -> tx.put("task", "prod/t1", "a, updated", t1.version()));

        ListQuery onInstance = ListQuery.all("task", 10).withIndexKey("prod/instance-1");
        assertThat(ids(store.list(onInstance))).as("an update keeps the key").containsExactly("prod/t1", "prod/t3");
        assertThat(store.get("task", "prod/t1").orElseThrow().indexKey()).isEqualTo("prod/instance-1");
        assertThat(ids(store.list(onInstance.reversed()))).containsExactly("prod/t3", "prod/t1");
        assertThat(ids(store.list(ListQuery.prefix("task", "prod/t", 10).withIndexKey("prod/instance-2"))))
                .containsExactly("prod/t2");
        assertThat(store.list(ListQuery.all("task", 10).withIndexKey("nowhere"))).isEmpty();
    }

    @Test
    void textRoundTripsExactlyIncludingUnicode() {
        String body = "{\"name\":\"naïve 🚢 \\u0000 quote\\\" tab\\t\",\"n\":1557119253.821}";
        store.write(tx -> tx.put("kind", "ünï/cödé 🚢", body, 0));

        assertThat(store.get("kind", "ünï/cödé 🚢").orElseThrow().body()).isEqualTo(body);
    }

    @Test
    void everyCommittedTransactionAdvancesTheIndexByOneInCommitOrder() {
        long start = store.currentIndex();
        for (int i = 0; i < 5; i++) {
            int n = i;
            store.write(tx -> tx.put("counter", "c" + n, "x", 0));
        }

        List<Record> changes = store.changesSince(start, 100);
        assertThat(changes).extracting(Record::changeIndex)
                .containsExactly(start + 1, start + 2, start + 3, start + 4, start + 5);
        assertThat(store.changesSince(start + 3, 100)).extracting(Record::id).containsExactly("c3", "c4");
        assertThat(store.changesSince(start, 2)).hasSize(2);
    }

    @Test
    void aScanVisitsEveryMatchingRecordOnceAcrossPages() {
        store.write(tx -> {
            for (int i = 0; i < 5; i++) {
                tx.put("page", "p/" + i, "x", 0);
            }
            tx.put("page", "q/0", "x", 0);
            return null;
        });
        List<String> seen = new java.util.ArrayList<>();

        ListQuery.prefix("page", "p/", 2).scan(store::list, record -> seen.add(record.id()));

        assertThat(seen).containsExactly("p/0", "p/1", "p/2", "p/3", "p/4");
    }

    @Test
    void changesComeInWholeTransactionsSoThatResumingAfterTheLastIndexMissesNothing() {
        long start = store.currentIndex();
        store.write(tx -> tx.put("counter", "solo", "x", 0));
        store.write(tx -> {
            for (int i = 0; i < 3; i++) {
                tx.put("counter", "batch" + i, "x", 0);
            }
            return null;
        });

        List<Record> page = store.changesSince(start, 2);

        assertThat(page).extracting(Record::id).containsExactly("solo", "batch0", "batch1", "batch2");
        assertThat(store.changesSince(page.get(page.size() - 1).changeIndex(), 2)).isEmpty();
    }

    @Test
    void aTransactionThatWritesNothingLeavesTheIndexAlone() throws InterruptedException {
        store.write(tx -> tx.put("cluster", "c", "1", 0));
        long before = store.currentIndex();

        String read = store.write(tx -> tx.get("cluster", "c").orElseThrow().body());

        assertThat(read).isEqualTo("1");
        assertThat(store.currentIndex()).isEqualTo(before);
        assertThat(store.awaitIndex(before, Duration.ofMillis(50))).as("no watcher is woken").isEqualTo(before);
        Record next = store.write(tx -> tx.put("cluster", "d", "2", 0));
        assertThat(next.changeIndex()).as("indexes stay dense").isEqualTo(before + 1);
    }

    @Test
    void awaitIndexBlocksUntilAWriteCommitsAndReturnsTheNewIndex() throws Exception {
        long start = store.currentIndex();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return store.awaitIndex(start, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        Thread.sleep(100);
        assertThat(woken).isNotDone();

        store.write(tx -> tx.put("cluster", "wake", "up", 0));

        assertThat(woken.get()).isEqualTo(start + 1);
    }

    @Test
    void awaitIndexReturnsTheCurrentIndexWhenItTimesOut() throws InterruptedException {
        long start = store.currentIndex();

        assertThat(store.awaitIndex(start, Duration.ofMillis(50))).isEqualTo(start);
        assertThat(store.awaitIndex(start - 1, Duration.ofSeconds(30))).isEqualTo(start);
    }

    @Test
    void concurrentReadModifyWritesLoseNoUpdate() throws Exception {
        store.write(tx -> tx.put("counter", "hits", "0", 0));
        int threads = 8;
        int incrementsEach = 25;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        while (true) {
                            // The read happens outside the transaction, as an API handler's would.
                            Record current = store.get("counter", "hits").orElseThrow();
                            long next = Long.parseLong(current.body()) + 1;
                            try {
                                store.write(tx -> tx.put("counter", "hits", Long.toString(next), current.version()));
                                break;
                            } catch (ConflictException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Record hits = store.get("counter", "hits").orElseThrow();
        assertThat(hits.body()).isEqualTo(Integer.toString(threads * incrementsEach));
        assertThat(hits.version()).isEqualTo(1 + threads * incrementsEach);
    }

    @Test
    void committedWritesAndTheIndexSurviveReopening() {
        store.write(tx -> tx.put("cluster", "durable", "yes", 0));
        long index = store.currentIndex();
        store.close();

        store = open();

        assertThat(store.get("cluster", "durable").map(Record::body)).contains("yes");
        assertThat(store.currentIndex()).isEqualTo(index);
        Record next = store.write(tx -> tx.put("cluster", "after-restart", "yes", 0));
        assertThat(next.changeIndex()).isEqualTo(index + 1);
    }

    private static List<String> ids(List<Record> records) {
        return records.stream().map(Record::id).toList();
    }
}
