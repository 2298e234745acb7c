package dev.eventshop.platform.modules;

import java.util.List;

/**
 * The stream types a module appends to: what it publishes. Each module declares its own (a bean extending this), so
 * the platform can relay a module's events without knowing the module.
 */
public abstract class PublishedStreams {

    private final String module;
    private final List<String> streamTypes;

    protected PublishedStreams(String module, List<String> streamTypes) {
        this.module = module;
        this.streamTypes = List.copyOf(streamTypes);
    }

    /** The module's name, as in {@code eventshop.modules.<module>.*}. */
    public String module() {
        return module;
    }

    public List<String> streamTypes() {
        return streamTypes;
    }
}
