package dev.eventshop.orders.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.orders.api.ShippingAddress;
import dev.eventshop.orders.application.OrderCommands;
import dev.eventshop.orders.application.OrderCommands.LineRequest;
import dev.eventshop.orders.application.OrderCommands.PlaceOrderCommand;
import dev.eventshop.orders.application.OrderQueries;
import dev.eventshop.orders.application.OrderView;
import dev.eventshop.orders.application.OrderWriter;
import dev.eventshop.orders.domain.OrderStatus;
import dev.eventshop.platform.security.Caller;
import dev.eventshop.platform.security.Roles;
import dev.eventshop.platform.web.Paging;
import dev.eventshop.platform.web.PlainText;
import dev.eventshop.platform.web.Problems;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import io.smallrye.mutiny.Uni;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.SHOPPER, Roles.ADMIN })
@Tag(name = "Orders", description = "Placing, following and cancelling orders")
public class OrderResource {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public record ItemRequest(@PlainText @NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    public record AddressRequest(
            @PlainText @NotBlank @Size(max = 200) String name,
            @PlainText @NotBlank @Size(max = 200) String line1,
            @PlainText @NotBlank @Size(max = 100) String city,
            @PlainText @NotBlank @Size(max = 20) String postalCode,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as DE") String country) {
    }

    @Schema(example = """
            {"customerId": "c-ada", "items": [{"sku": "MUG-1", "quantity": 2}],
             "shippingAddress": {"name": "Ada Lovelace", "line1": "1 Analytical Way", "city": "London",
                                 "postalCode": "N1 9GU", "country": "GB"},
             "paymentToken": "tok_visa"}""")
    public record PlaceOrderRequest(
            @PlainText @NotBlank @Size(max = 100) String customerId,
            @NotNull @Size(min = 1, max = 100, message = "must have between 1 and 100 lines") List<@NotNull @Valid ItemRequest> items,
            @NotNull @Valid AddressRequest shippingAddress,
            @PlainText @NotBlank @Size(max = 200) String paymentToken) {
    }

    private final OrderCommands commands;
    private final OrderQueries views;
    private final ObjectMapper mapper;
    private final Caller caller;

    public OrderResource(OrderCommands commands, OrderQueries views, ObjectMapper mapper, Caller caller) {
        this.commands = commands;
        this.views = views;
        this.mapper = mapper;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an order", description = "Accepted at once; the order then moves through stock, "
            + "payment and shipping. The same Idempotency-Key with the same body returns the same order.")
    @APIResponse(responseCode = "202", description = "Accepted; Location names the order",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "403", description = "A shopper placed an order for another customer id")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still in progress")
    @APIResponse(responseCode = "422", description = "A field is invalid, a sku unknown, or the key was used with another body")
    public Uni<Response> place(
            @Parameter(description = "Any unique string; repeats of the request with it place no second order")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @NotNull @Valid PlaceOrderRequest request, @Context HttpServerRequest http) {
        // an empty header arrives as no header at all: sent empty, it is a client's mistake, not a request without one
        boolean sent = idempotencyKey != null || http.headers().contains("Idempotency-Key");
        if (sent && (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200
                || !PlainText.Validator.isPlain(idempotencyKey))) {
            throw Problems.invalid("Idempotency-Key", "must be 1 to 200 characters of text");
        }
        if (!COUNTRIES.contains(request.shippingAddress().country())) {
            throw Problems.invalid("shippingAddress.country", "is not an ISO 3166-1 country code");
        }
        AddressRequest a = request.shippingAddress();
        PlaceOrderCommand command = new PlaceOrderCommand(idempotencyKey, hash(request), request.customerId(),
                request.items().stream().map(i -> new LineRequest(i.sku(), i.quantity())).toList(),
                new ShippingAddress(a.name(), a.line1(), a.city(), a.postalCode(), a.country()),
                request.paymentToken());
        return caller.identity().chain(who -> {
            if (!who.mayActFor(request.customerId())) {
                throw Problems.forbidden("A shopper places orders only for the customer id of their token");
            }
            return commands.handle(command);
        })
                .chain(placement -> placement.view() != null ? Uni.createFrom().item(placement.view())
                        : find(placement.orderId()))
                .map(view -> Response.accepted(view).location(URI.create("/orders/" + view.orderId())).build());
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "An order, its status and history")
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "No such order")
    public Uni<OrderView> get(@PathParam("orderId") String orderId) {
        return caller.visible(views.find(orderId), OrderView::customerId,
                () -> Problems.notFound("No order " + orderId));
    }

    private Uni<OrderView> find(String orderId) {
        return views.find(orderId).map(view -> view.orElseThrow(() -> Problems.notFound("No order " + orderId)));
    }

    @GET
    @Operation(summary = "A customer's orders, newest first, a page at a time", description = "With status, only "
            + "the orders in that status, e.g. the ones still PENDING. Link: <…>; rel=\"next\" names the next page; "
            + "there is none on the last")
    @APIResponse(responseCode = "200", description = "A page of the customer's orders", headers = @Header(name = "Link", description = "<…>; rel=\"next\": the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = OrderView.class)))
    @APIResponse(responseCode = "403", description = "A shopper asked for another customer's orders")
    @APIResponse(responseCode = "422", description = "customerId is missing, status is not an order status, or limit "
            + "or cursor is invalid")
    public Uni<Response> ofCustomer(@QueryParam("customerId") String customerId,
            @QueryParam("status") @Parameter(description = "PENDING, CONFIRMED, SHIPPED, DELIVERED or CANCELLED")
            String status,
            @QueryParam("limit") @Parameter(description = "Orders per page, 1 to 200 (default 50)") String limit,
            @QueryParam("cursor") @Parameter(description = "From a next link; absent for the first page") String cursor,
            @Context UriInfo uri) {
        int pageSize = Paging.limit(limit);
        if (status != null && Arrays.stream(OrderStatus.values()).noneMatch(known -> known.name().equals(status))) {
            throw Problems.invalid("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
        return caller.identity().chain(who -> {
            // a shopper's list is their own: customerId may be left out, and may not name someone else
            String customer = who.shopperOnly() && (customerId == null || customerId.isBlank()) ? who.subject()
                    : customerId;
            if (customer == null || customer.isBlank()) {
                throw Problems.invalid("customerId", "is required");
            }
            if (!who.mayActFor(customer)) {
                throw Problems.forbidden("A shopper lists only the orders of the customer id of their token");
            }
            return Paging.respond(() -> views.ofCustomer(customer, status, cursor, pageSize), uri);
        });
    }

    @POST
    @Path("/{orderId}/cancel")
    @Operation(summary = "Cancel an order before it is shipped", description = "A pending order is cancelled at once "
            + "(stock released, nothing charged). A confirmed order's parcel may be leaving right now, so shipping is "
            + "asked first: the order becomes CANCELLED, refunded and its stock released once the shipment is called "
            + "off, or goes on to SHIPPED with OrderCancellationRefused in its history if the parcel had left.")
    @APIResponse(responseCode = "202", description = "Cancelled, or the cancellation of a confirmed order requested",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "No such order")
    @APIResponse(responseCode = "409", description = "Already shipped, delivered or cancelled")
    public Uni<Response> cancel(@PathParam("orderId") String orderId) {
        return get(orderId).chain(() -> commands.cancel(orderId)).chain(() -> find(orderId))
                .map(view -> Response.accepted(view).build());
    }

    @GET
    @Path("/{orderId}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The order's status changes as Server-Sent Events, until it is delivered or cancelled")
    @APIResponse(responseCode = "200", description = "One event per status the order reaches, each the order as it "
            + "was then", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "404", description = "No such order")
    public Multi<OrderView> stream(@PathParam("orderId") String orderId) {
        AtomicBoolean ended = new AtomicBoolean();
        AtomicInteger seen = new AtomicInteger();
        return get(orderId).toMulti()
                .onItem().transformToMultiAndConcatenate(first -> Multi.createFrom().ticks()
                        .startingAfter(Duration.ofMillis(1)).every(Duration.ofMillis(200))
                        .onItem().transformToUniAndConcatenate(tick -> find(orderId)))
                // one more look after the terminal status, then complete
                .select().first(view -> !ended.getAndSet(OrderStatus.valueOf(view.status()).isTerminal()))
                .onItem().transformToIterable(view -> statusChanges(view, seen));
    }

    /**
     * One element per status the order reached since the last look, from its history: a status that lasted less than
     * a poll (SHIPPED, then DELIVERED a moment later) is not lost.
     */
    private static List<OrderView> statusChanges(OrderView view, AtomicInteger seen) {
        List<OrderView> changes = new ArrayList<>();
        List<OrderView.HistoryEntry> history = view.history();
        for (int i = seen.get(); i < history.size(); i++) {
            String status = OrderWriter.statusAfter(history.get(i).type()).orElse(null);
            if (status != null) {
                List<OrderView.HistoryEntry> sofar = List.copyOf(history.subList(0, i + 1));
                // as the order was then: booked or not yet, cancelled or not yet
                boolean booked = sofar.stream().anyMatch(entry -> entry.type().equals("OrderShipmentScheduled"));
                changes.add(new OrderView(view.orderId(), view.customerId(), status, view.items(), view.total(),
                        status.equals("CANCELLED") ? view.cancellationReason() : null,
                        booked ? view.trackingNumber() : null, sofar));
            }
        }
        seen.set(history.size());
        return changes;
    }

    private String hash(PlaceOrderRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(mapper.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
