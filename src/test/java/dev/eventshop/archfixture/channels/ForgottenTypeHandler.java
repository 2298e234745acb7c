package dev.eventshop.archfixture.channels;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import dev.eventshop.platform.eventstore.TestEvents.CounterReset;

/** Fixture: handles two event types, while its channel's event-types (in the test) lists only one of them. */
public class ForgottenTypeHandler {

    private EventCodec codec;

    @Incoming("archfixture-channel")
    public void on(RecordedEvent event) {
        if (event.type().equals(codec.typeOf(CounterIncremented.class))) {
            return;
        }
        if (event.type().equals(codec.typeOf(CounterReset.class))) {
            return;
        }
    }
}
