package dev.eventshop.platform.modules;

import java.util.List;

/**
 * The stream types a module appends to and the event types it appends to them: what it publishes. Each module
 * declares its own (a bean extending this), so the platform can relay a module's events, and derive what each
 * channel delivers ({@link EventTypeRegistry}), without knowing the module.
 */
public abstract class PublishedStreams {

    private final String module;
    private final List<String> streamTypes;
    private final List<Class<?>> eventTypes;

    /**
     * @param eventTypes every {@code @EventType} class the module appends to those streams: its published events,
     *            its internal ones, and the commands it addresses to other modules
     */
    protected PublishedStreams(String module, List<String> streamTypes, List<Class<?>> eventTypes) {
        this.module = module;
        this.streamTypes = List.copyOf(streamTypes);
        this.eventTypes = List.copyOf(eventTypes);
    }

    /** The module's name, as in {@code eventshop.modules.<module>.*}. */
    public String module() {
        return module;
    }

    public List<String> streamTypes() {
        return streamTypes;
    }

    public List<Class<?>> eventTypes() {
        return eventTypes;
    }
}
