package dev.eventshop.platform.operations;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.platform.modules.PublishedStreams;

/** The platform's record of operator actions: a stream type of its own, read by no module and relayed nowhere. */
@Singleton
public class OperationsPublishedStreams extends PublishedStreams {

    public static final String PLATFORM = "platform";

    public OperationsPublishedStreams() {
        super(PLATFORM, List.of(OperatorEvents.STREAM_TYPE), OperatorEvents.ALL);
    }
}
