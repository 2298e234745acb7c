package dev.eventshop.shipping.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.eventshop.platform.security.Caller;
import dev.eventshop.platform.security.Roles;
import dev.eventshop.platform.web.Problems;
import dev.eventshop.shipping.application.Shipments;
import dev.eventshop.shipping.domain.Shipment;
import dev.eventshop.shipping.application.ShipmentQueries;
import dev.eventshop.shipping.application.ShipmentView;
import io.smallrye.mutiny.Uni;

/** Shipments, and the carrier's callbacks for dispatch and delivery. */
@Path("/shipments")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Shipments")
public class ShipmentResource {

    private final Shipments shipments;
    private final ShipmentQueries views;
    private final Caller caller;

    public ShipmentResource(Shipments shipments, ShipmentQueries views, Caller caller) {
        this.shipments = shipments;
        this.views = views;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.SHOPPER, Roles.ADMIN })
    @Path("/{orderId}")
    @Operation(summary = "An order's shipment")
    @APIResponse(responseCode = "200", description = "The shipment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShipmentView.class)))
    @APIResponse(responseCode = "404", description = "No shipment for this order")
    public Uni<ShipmentView> get(@PathParam("orderId") String orderId) {
        return caller.visible(views.find(orderId), ShipmentView::customerId, () -> noShipment(orderId));
    }

    /** Not through {@link #get}: a call to it, even from here, is checked for its roles, which the carrier lacks. */
    private Uni<ShipmentView> find(String orderId) {
        return views.find(orderId).map(view -> view.orElseThrow(() -> noShipment(orderId)));
    }

    private static RuntimeException noShipment(String orderId) {
        return Problems.notFound("No shipment for order " + orderId);
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.CARRIER })
    @Path("/{orderId}/dispatch")
    @Operation(summary = "Carrier callback: the parcel left")
    @APIResponse(responseCode = "200", description = "The shipment, dispatched",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShipmentView.class)))
    @APIResponse(responseCode = "404", description = "No shipment for this order")
    @APIResponse(responseCode = "409", description = "The shipment is not scheduled")
    public Uni<ShipmentView> dispatch(@PathParam("orderId") String orderId) {
        return callback(orderId, true);
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.CARRIER })
    @Path("/{orderId}/deliver")
    @Operation(summary = "Carrier callback: the parcel arrived")
    @APIResponse(responseCode = "200", description = "The shipment, delivered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShipmentView.class)))
    @APIResponse(responseCode = "404", description = "No shipment for this order")
    @APIResponse(responseCode = "409", description = "The shipment is not dispatched")
    public Uni<ShipmentView> deliver(@PathParam("orderId") String orderId) {
        return callback(orderId, false);
    }

    private Uni<ShipmentView> callback(String orderId, boolean dispatch) {
        return find(orderId)
                .chain(() -> shipments.callback(orderId, s -> dispatch ? s.dispatch() : s.deliver()))
                .onFailure(Shipment.NotAllowedException.class).transform(e -> Problems.conflict(e.getMessage()))
                .chain(() -> find(orderId));
    }
}
