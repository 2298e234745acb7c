package dev.eventshop.platform.eventstore;

/** An aggregate's state rebuilt from its stream, and the stream version to expect when appending to it. */
public record Loaded<A>(A state, long version) {

    public boolean exists() {
        return version > 0;
    }
}
