package dev.berth.elb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** Marker and PageSize over an already-read list: the marker is the last id shown. */
final class Paging {
    private Paging() {
    }

    static <T> void page(List<T> items, ObjectNode input, Function<T, String> id, ObjectNode output, Consumer<T> sink) {
        int size = input.path("PageSize").asInt(400);
        String marker = input.hasNonNull("Marker") ? input.get("Marker").asText() : null;
        int shown = 0;
        boolean started = marker == null;
        for (T item : items) {
            if (!started) {
                started = id.apply(item).equals(marker);
                continue;
            }
            if (shown == size) {
                output.put("NextMarker", id.apply(items.get(items.indexOf(item) - 1)));
                return;
            }
            sink.accept(item);
            shown++;
        }
    }
}
