package dev.eventshop.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the cache remembers must never be newer than the truth, only older or forgotten. */
class StreamCacheTest {

    @Test
    void appendsOnTopOfTheRememberedVersionExtendIt() {
        StreamCache cache = new StreamCache(10);
        cache.appended("s", ExpectedVersion.NO_STREAM, List.of("a", "b"));
        cache.appended("s", 2, List.of("c"));
        assertThat(cache.get("s")).contains(new DecodedStream(List.of("a", "b", "c"), 3));
    }

    @Test
    void anAppendOnTopOfAnotherVersionOrAtAnyVersionForgetsTheStream() {
        StreamCache cache = new StreamCache(10);
        cache.loaded("s", new DecodedStream(List.of("a"), 1));
        cache.appended("s", 2, List.of("c"));
        assertThat(cache.get("s")).isEmpty();
        cache.loaded("t", new DecodedStream(List.of("a"), 1));
        cache.appended("t", ExpectedVersion.ANY, List.of("b"));
        assertThat(cache.get("t")).isEmpty();
        cache.appended("u", 1, List.of("b"));
        assertThat(cache.get("u")).as("an append to a stream not remembered is not a stream").isEmpty();
    }

    @Test
    void anOlderReadDoesNotReplaceANewerMemory() {
        StreamCache cache = new StreamCache(10);
        cache.appended("s", ExpectedVersion.NO_STREAM, List.of("a", "b"));
        cache.loaded("s", new DecodedStream(List.of("a"), 1));
        assertThat(cache.get("s")).contains(new DecodedStream(List.of("a", "b"), 2));
    }

    @Test
    void theLeastRecentlyUsedStreamIsForgottenFirst() {
        StreamCache cache = new StreamCache(2);
        cache.loaded("a", new DecodedStream(List.of("x"), 1));
        cache.loaded("b", new DecodedStream(List.of("x"), 1));
        cache.get("a");
        cache.loaded("c", new DecodedStream(List.of("x"), 1));
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
    }
}
