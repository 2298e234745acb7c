package dev.eventshop.orders.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.eventshop.orders.application.OrderQueries;
import dev.eventshop.orders.application.OrderView;
import dev.eventshop.platform.security.Caller;
import dev.eventshop.platform.web.Problems;
import io.smallrye.mutiny.Uni;

/**
 * Looks the order up before its event stream starts: once an SSE response has begun, a 404 can only be a stream
 * that breaks off. An unknown order, or another customer's, is a 404 problem like {@code GET /orders/{id}}.
 */
public class OrderStreamFilter {

    private static final Pattern STREAM = Pattern.compile("/orders/([^/]+)/stream/?");

    private final OrderQueries views;
    private final Caller caller;

    public OrderStreamFilter(OrderQueries views, Caller caller) {
        this.views = views;
        this.caller = caller;
    }

    // after ModuleForwarding's filter: a process that does not run orders answers 503, not 404
    @ServerRequestFilter(priority = Priorities.USER + 10)
    public Uni<Void> knownOrderOnly(ContainerRequestContext request) {
        Matcher stream = STREAM.matcher(request.getUriInfo().getPath());
        if (!stream.matches() || !"GET".equals(request.getMethod())) {
            return Uni.createFrom().voidItem();
        }
        String orderId = stream.group(1);
        // the role check ran before this filter: the caller is a shopper or an operator
        return caller.visible(views.find(orderId), OrderView::customerId,
                () -> Problems.notFound("No order " + orderId)).replaceWithVoid();
    }
}
