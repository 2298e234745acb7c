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

import dev.eventshop.payments.infrastructure.PaymentViewProjection;
import dev.eventshop.payments.infrastructure.PaymentViewProjection.PaymentView;
import dev.eventshop.platform.web.Problems;
import dev.eventshop.platform.security.Roles;
import io.smallrye.mutiny.Uni;

@Path("/payments")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payments")
public class PaymentResource {

    private final PaymentViewProjection views;

    public PaymentResource(PaymentViewProjection views) {
        this.views = views;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "An order's payment")
    @APIResponse(responseCode = "404", description = "No payment was requested for this order")
    public Uni<PaymentView> get(@PathParam("orderId") String orderId) {
        return views.find(orderId).map(view -> view.orElseThrow(
                () -> Problems.notFound("No payment for order " + orderId)));
    }
}
