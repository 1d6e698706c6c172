package dev.berth.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.aws.json.AwsJson;
import dev.berth.aws.protocol.RequestContext;
import dev.berth.store.Store;
import dev.berth.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;

/** A real SQLite store in a temp directory and the ECS operations over it, called without HTTP. */
public final class EcsFixture implements AutoCloseable {
    static final RequestContext CONTEXT = new RequestContext("request-1", "us-west-2", "000000000000", "AKID",
            Instant.parse("2026-11-22T10:00:00.123Z"));

    public final Store store;
    public final EcsApi api;

    public EcsFixture(Path directory) {
        this.store = SqliteStore.open(directory.resolve("berth.db"));
        this.api = new EcsApi(store, java.time.Clock.systemUTC(), dev.berth.domain.id.IdGenerator.random(),
                new java.util.Random(42), EcsSettings.defaults());
        api.start();
    }

    public JsonNode call(String operation, String input) {
        try {
            ObjectNode request = (ObjectNode) AwsJson.mapper().readTree(input);
            return api.service().operations().get(operation).invoke(CONTEXT, request);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String worker(String family) {
        return "{\"family\":\"" + family + "\",\"containerDefinitions\":[{\"name\":\"w\",\"image\":\"busybox\",\"memory\":32}]}";
    }

    @Override
    public void close() {
        store.close();
    }
}
