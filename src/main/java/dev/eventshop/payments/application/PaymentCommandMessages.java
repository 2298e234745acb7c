package dev.eventshop.payments.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.payments.PaymentsModule;
import dev.eventshop.payments.api.CapturePaymentCommand;
import dev.eventshop.payments.api.PaymentCaptured;
import dev.eventshop.payments.api.PaymentDeclined;
import dev.eventshop.payments.api.PaymentRefunded;
import dev.eventshop.payments.api.PaymentStreams;
import dev.eventshop.payments.api.RefundPaymentCommand;
import dev.eventshop.payments.domain.Payment;
import dev.eventshop.payments.infrastructure.PaymentProvider;
import dev.eventshop.payments.infrastructure.PaymentProvider.CardDeclinedException;
import dev.eventshop.payments.infrastructure.PaymentProviderClient;
import dev.eventshop.payments.infrastructure.PaymentViewProjection;
import dev.eventshop.payments.infrastructure.PaymentsConfig;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.messaging.Inbox;
import dev.eventshop.platform.money.Money;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Payments' subscription to the commands addressed to it. The provider is called before the transaction that records
 * the outcome (an HTTP call inside a database transaction would hold it open); its idempotency key makes calling it
 * again after a crash or a redelivery harmless. A provider outage fails the delivery, which the subscription retries
 * with backoff; the order's deadline bounds how long that may go on.
 */
@ApplicationScoped
public class PaymentCommandMessages {

    private final Inbox inbox;
    private final EventCodec codec;
    private final EventStore store;
    private final PaymentProvider provider;
    private final PaymentViewProjection views;
    private final PaymentsConfig config;

    public PaymentCommandMessages(Inbox inbox, EventCodec codec, EventStore store, PaymentProvider provider,
            PaymentViewProjection views, PaymentsConfig config) {
        this.inbox = inbox;
        this.codec = codec;
        this.store = store;
        this.provider = provider;
        this.views = views;
        this.config = config;
    }

    @Incoming(PaymentsChannels.COMMANDS)
    public Uni<Void> on(RecordedEvent event) {
        if (event.type().equals(codec.typeOf(CapturePaymentCommand.class))) {
            return capture(codec.decode(event, CapturePaymentCommand.class), event);
        }
        if (event.type().equals(codec.typeOf(RefundPaymentCommand.class))) {
            return refund(codec.decode(event, RefundPaymentCommand.class), event);
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> capture(CapturePaymentCommand command, RecordedEvent cause) {
        String orderId = command.orderId();
        // both reads at once, on two connections: the capture's path is the order's critical path
        return Uni.combine().all().unis(load(orderId), refundAskedFor(cause)).asTuple().chain(read -> {
            Loaded<Payment> payment = read.getItem1();
            if (!payment.state().awaitsCapture()) {
                return Uni.createFrom().voidItem();
            }
            // the order was called off while this capture waited (a provider outage, a paused channel): no charge at
            // all, rather than a charge and a refund
            return read.getItem2() ? settleUnknown(cause, orderId, payment) : charge(command, cause, payment);
        });
    }

    /**
     * Whether the stream that carried the capture request has asked for the refund since: in this store's log, or in
     * the received log when the orders module runs elsewhere and its stream comes through Kafka.
     */
    private Uni<Boolean> refundAskedFor(RecordedEvent capture) {
        String refund = codec.typeOf(RefundPaymentCommand.class);
        return store.typesAfter(capture.streamId(), capture.streamVersion()).map(later -> later.contains(refund));
    }

    private Uni<Void> charge(CapturePaymentCommand command, RecordedEvent cause, Loaded<Payment> payment) {
        String orderId = command.orderId();
        return views.requested(orderId, command.amount(), command.customerId())
                .chain(() -> provider.capture("capture-" + orderId, orderId, command.amount(), command.paymentToken()))
                .<Object>map(charge -> new PaymentCaptured(orderId, command.amount(), charge.id()))
                .onFailure(CardDeclinedException.class)
                .recoverWithItem(declined -> new PaymentDeclined(orderId, declined.getMessage()))
                .chain(outcome -> record(cause, orderId, payment, outcome,
                        outcome instanceof PaymentCaptured captured ? "CAPTURED" : "DECLINED",
                        outcome instanceof PaymentCaptured captured ? captured.chargeId() : null));
    }

    private Uni<Void> refund(RefundPaymentCommand command, RecordedEvent cause) {
        String orderId = command.orderId();
        return load(orderId).chain(payment -> {
            Payment state = payment.state();
            if (state.status() == Payment.Status.CAPTURED) {
                return provider.refund("refund-" + orderId, state.chargeId())
                        .chain(refund -> record(cause, orderId, payment,
                                new PaymentRefunded(orderId, state.captured(), refund.id()), "REFUNDED", null));
            }
            return state.voidIfNothingCaptured(orderId).isEmpty() ? Uni.createFrom().voidItem()
                    : settleUnknown(cause, orderId, payment);
        });
    }

    /**
     * The order was called off and no capture is recorded — but one may have reached the provider with its answer
     * lost (a timeout, a crash, a parked command). So ask the provider, never guess: refund what it holds for the
     * order, or void the payment so that nothing is captured later.
     */
    private Uni<Void> settleUnknown(RecordedEvent cause, String orderId, Loaded<Payment> payment) {
        return views.lastAttempt(orderId).chain(last -> {
            if (last.isPresent() && last.get().plus(config.captureSettleTime()).isAfter(Instant.now())) {
                // an attempt that timed out on our side may still land at the provider: look again later
                return Uni.createFrom().failure(new IllegalStateException("a capture for order " + orderId
                        + " was sent at " + last.get() + " and may still be processed; settling it after "
                        + config.captureSettleTime()));
            }
            return refundOrVoid(cause, orderId, payment);
        });
    }

    /** Refunds every charge the provider holds for the order (one refund key per charge), or voids the payment. */
    private Uni<Void> refundOrVoid(RecordedEvent cause, String orderId, Loaded<Payment> payment) {
        return provider.chargesFor(orderId).chain(charges -> {
            List<PaymentProviderClient.Charge> holding = charges.stream()
                    .filter(PaymentProviderClient.Charge::holdsMoney).toList();
            if (holding.isEmpty()) {
                return record(cause, orderId, payment, payment.state().voidIfNothingCaptured(orderId).get(0),
                        "VOIDED", null);
            }
            return Multi.createFrom().iterable(holding)
                    .onItem().transformToUniAndConcatenate(charge -> provider.refund("refund-" + charge.id(), charge.id()))
                    .collect().asList()
                    .chain(refunds -> record(cause, orderId, payment, new PaymentRefunded(orderId,
                            new Money(holding.stream().mapToLong(PaymentProviderClient.Charge::amount).sum(),
                                    holding.get(0).currency()),
                            refunds.get(refunds.size() - 1).id()), "REFUNDED", holding.get(0).id()));
        });
    }

    private Uni<Void> record(RecordedEvent cause, String orderId, Loaded<Payment> payment, Object event, String status,
            String chargeId) {
        // one statement: the inbox row, the payment's event and its view
        OneStatement statement = new OneStatement().append(new StreamAppend(PaymentStreams.paymentStream(orderId),
                PaymentStreams.PAYMENT, payment.version(), List.of(NewEvent.of(event))),
                EventMetadata.causedBy(cause, PaymentsModule.NAME));
        views.status(statement, orderId, status, chargeId);
        return inbox.once(PaymentsChannels.COMMANDS, cause, statement).replaceWithVoid();
    }

    private Uni<Loaded<Payment>> load(String orderId) {
        return store.load(PaymentStreams.paymentStream(orderId), Payment.empty(), Payment.EVENTS, Payment::apply);
    }
}
