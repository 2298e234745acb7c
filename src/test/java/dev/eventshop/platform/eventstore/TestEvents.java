package dev.eventshop.platform.eventstore;

import java.util.List;

/** Event contracts used only by the platform's own tests. */
public final class TestEvents {

    @EventType("test.CounterIncremented.v1")
    public record CounterIncremented(String counter, int by) {
    }

    @EventType("test.CounterReset.v1")
    public record CounterReset(String counter) {
    }

    @EventType("test.Work.v1")
    public record Work(String label, boolean poison) {
    }

    public static final List<Class<?>> COUNTER_EVENTS = List.of(CounterIncremented.class, CounterReset.class);

    /** A tiny aggregate folded from its events, as a module's domain object would be. */
    public record Counter(int value, int resets) {

        public static final Counter EMPTY = new Counter(0, 0);

        public Counter apply(Object event) {
            if (event instanceof CounterIncremented incremented) {
                return new Counter(value + incremented.by(), resets);
            }
            if (event instanceof CounterReset) {
                return new Counter(0, resets + 1);
            }
            throw new IllegalArgumentException("unknown event " + event);
        }
    }

    private TestEvents() {
    }
}
