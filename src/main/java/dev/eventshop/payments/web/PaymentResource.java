package dev.eventshop.payments.web;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.eventshop.payments.application.PaymentQueries;
import dev.eventshop.payments.application.PaymentView;
import dev.eventshop.platform.security.Caller;
import dev.eventshop.platform.security.Roles;
import dev.eventshop.platform.web.Problems;
import io.smallrye.mutiny.Uni;

@Path("/payments")
@RolesAllowed({ Roles.SHOPPER, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payments")
public class PaymentResource {

    private final PaymentQueries views;
    private final Caller caller;

    public PaymentResource(PaymentQueries views, Caller caller) {
        this.views = views;
        this.caller = caller;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "An order's payment")
    @APIResponse(responseCode = "200", description = "The payment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.class)))
    @APIResponse(responseCode = "404", description = "No payment was requested for this order (or it is another "
            + "customer's)")
    public Uni<PaymentView> get(@PathParam("orderId") String orderId) {
        return caller.visible(views.find(orderId), PaymentView::customerId,
                () -> Problems.notFound("No payment for order " + orderId));
    }
}
