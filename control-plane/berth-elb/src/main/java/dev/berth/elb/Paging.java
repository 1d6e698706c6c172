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
        int start = 0;
        if (marker != null) {
            while (start < items.size() && !id.apply(items.get(start)).equals(marker)) {
                start++;
            }
            start++; // resume after the marker; a marker not found leaves nothing to show
        }
        int end = Math.min(items.size(), start + size);
        for (int i = start; i < end; i++) {
            sink.accept(items.get(i));
        }
        if (end < items.size()) {
            output.put("NextMarker", id.apply(items.get(end - 1)));
        }
    }
}
