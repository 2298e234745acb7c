package dev.eventshop.platform.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * An opaque paging cursor: the sort key of the last item of a page, base64url-encoded so that clients pass it back
 * as it is and never build one. One that this API did not give out is an {@link InvalidCursor}.
 */
public final class Cursor {

    private static final String SEPARATOR = "\u001f"; // no key part can hold a control character

    private Cursor() {
    }

    public static String of(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code count} parts of a cursor, or null when there is none (the first page). */
    public static List<String> parts(String cursor, int count) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            List<String> parts = List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                    .split(SEPARATOR, -1));
            if (parts.size() != count) {
                throw new InvalidCursor();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor();
        }
    }

    /** A cursor that this API did not give out (or that belongs to another listing). */
    public static final class InvalidCursor extends IllegalArgumentException {

        public InvalidCursor() {
            super("not a cursor of this listing");
        }
    }
}
