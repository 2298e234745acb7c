package dev.eventshop.platform.query;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing in a stable order (keyset paging), with the cursor of the page after it ({@code null} on the
 * last). A listing fetches {@code limit + 1} rows: the extra one only says that a next page exists, so the cursor is
 * that of the last item kept, and an item added meanwhile is never shown twice or skipped among those that existed.
 */
public record Page<T>(List<T> items, String next) {

    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> item, Function<R, String> cursor) {
        boolean more = rows.size() > limit;
        List<R> kept = more ? rows.subList(0, limit) : rows;
        return new Page<>(kept.stream().map(item).toList(), more ? cursor.apply(kept.get(kept.size() - 1)) : null);
    }
}
