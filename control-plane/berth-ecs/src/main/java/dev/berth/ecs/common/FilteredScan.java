package dev.berth.ecs.common;

import dev.berth.store.ListQuery;
import dev.berth.store.Record;
import dev.berth.store.Store;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One page of a list operation whose filter the store cannot apply: reads records in id order,
 * hands at most {@code size} matching ones to a sink, and says whether more match after them.
 */
public final class FilteredScan {
    private static final int READ_PAGE = 200;

    private FilteredScan() {
    }

    /** Where a page stopped: the last id handed out, and whether anything matching follows it. */
    public record Page(String lastId, boolean more) {
        public Optional<String> nextToken(String operation) {
            return more ? Optional.of(PageToken.encode(operation, lastId)) : Optional.empty();
        }
    }

    /** @param query where to read; its limit is replaced by the read page size */
    public static Page page(Store store, ListQuery query, int size, Predicate<Record> matches, Consumer<Record> sink) {
        ListQuery reading = new ListQuery(query.kind(), query.idPrefix(), query.after(), READ_PAGE, query.descending());
        int taken = 0;
        String lastId = null;
        while (true) {
            List<Record> records = store.list(reading);
            for (Record record : records) {
                if (!matches.test(record)) {
                    continue;
                }
                if (taken == size) {
                    return new Page(lastId, true);
                }
                sink.accept(record);
                taken++;
                lastId = record.id();
            }
            if (records.size() < READ_PAGE) {
                return new Page(lastId, false);
            }
            reading = reading.after(records.get(records.size() - 1).id());
        }
    }
}
