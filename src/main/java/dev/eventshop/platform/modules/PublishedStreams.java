package dev.eventshop.platform.modules;

import java.util.List;

/**
 * The stream types a module appends to: what it publishes. Each module declares its own (a bean), so the platform
 * can relay a module's events without knowing the module.
 */
public interface PublishedStreams {

    /** The module's name, as in {@code eventshop.modules.<module>.*}. */
    String module();

    List<String> streamTypes();
}
