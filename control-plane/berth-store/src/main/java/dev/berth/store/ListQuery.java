package dev.berth.store;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A page of one kind's records in id order.
 *
 * @param kind the kind to list
 * @param idPrefix only ids starting with this ("" for all)
 * @param after resume after this id (exclusive); null to start at the beginning (or end, descending)
 * @param limit at most this many records (1 or more)
 * @param descending list from the highest id down
 * @param indexKey only records created with this secondary key; null for any
 */
public record ListQuery(String kind, String idPrefix, String after, int limit, boolean descending, String indexKey) {
    public ListQuery(String kind, String idPrefix, String after, int limit, boolean descending) {
        this(kind, idPrefix, after, limit, descending, null);
    }

    public ListQuery {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(idPrefix, "idPrefix");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    public static ListQuery all(String kind, int limit) {
        return new ListQuery(kind, "", null, limit, false);
    }

    public static ListQuery prefix(String kind, String idPrefix, int limit) {
        return new ListQuery(kind, idPrefix, null, limit, false);
    }

    public ListQuery after(String id) {
        return new ListQuery(kind, idPrefix, id, limit, descending, indexKey);
    }

    public ListQuery reversed() {
        return new ListQuery(kind, idPrefix, after, limit, !descending, indexKey);
    }

    public ListQuery withIndexKey(String key) {
        return new ListQuery(kind, idPrefix, after, limit, descending, key);
    }

    /**
     * Every record this query matches, page by page through {@code list} (a store's or a
     * transaction's), each handed to {@code action} in order.
     */
    public void scan(Function<ListQuery, List<Record>> list, Consumer<Record> action) {
        ListQuery query = this;
        while (true) {
            List<Record> page = list.apply(query);
            page.forEach(action);
            if (page.size() < limit) {
                return;
            }
            query = query.after(page.get(page.size() - 1).id());
        }
    }
}
