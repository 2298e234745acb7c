package dev.eventshop.inventory.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
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

import dev.eventshop.inventory.application.ProductCommands;
import dev.eventshop.inventory.application.ProductCommands.AddProductCommand;
import dev.eventshop.inventory.application.ProductCommands.RestockProductCommand;
import dev.eventshop.inventory.domain.InventoryException;
import dev.eventshop.inventory.application.CatalogQueries;
import dev.eventshop.inventory.application.ProductView;
import dev.eventshop.platform.money.Money;
import dev.eventshop.platform.security.Roles;
import dev.eventshop.platform.money.CurrencyCode;
import dev.eventshop.platform.web.Paging;
import dev.eventshop.platform.web.PlainText;
import dev.eventshop.platform.web.Problems;
import io.smallrye.mutiny.Uni;

@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Products", description = "The catalogue and its stock")
public class ProductResource {

    /** A price: an integer number of the currency's minor units (cents for EUR, yen for JPY, fils for KWD). */
    public record MoneyRequest(
            @NotNull @Min(0) @Max(100_000_000) Long amount,
            @NotNull @CurrencyCode String currency) {

        Money toMoney() {
            return new Money(amount, currency);
        }
    }

    @Schema(example = """
            {"sku": "KETTLE-1", "name": "Kettle", "price": {"amount": 3900, "currency": "EUR"}, "stock": 10}""")
    public record AddProductRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9-]{0,63}", message = "must be 1-64 letters, digits or dashes") String sku,
            @NotBlank @PlainText @Size(max = 200) String name,
            @NotNull @Valid MoneyRequest price,
            @NotNull @Min(0) @Max(1_000_000) Integer stock) {
    }

    @Schema(example = """
            {"quantity": 25}""")
    public record RestockRequest(@NotNull @Min(1) @Max(1_000_000) Integer quantity) {
    }

    private final ProductCommands commands;
    private final CatalogQueries catalog;

    public ProductResource(ProductCommands commands, CatalogQueries catalog) {
        this.commands = commands;
        this.catalog = catalog;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a product to the catalogue")
    @APIResponse(responseCode = "201", description = "Added; Location names it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "409", description = "The sku exists already")
    @APIResponse(responseCode = "422", description = "A field is invalid")
    public Uni<Response> add(@NotNull @Valid AddProductRequest request) {
        return commands.handle(new AddProductCommand(request.sku(), request.name(), request.price().toMoney(),
                request.stock()))
                .onFailure(InventoryException.ProductExists.class)
                .transform(exists -> Problems.conflict(exists.getMessage()))
                .chain(() -> catalog.find(request.sku()))
                .map(view -> Response.created(URI.create("/products/" + request.sku())).entity(view.orElseThrow())
                        .build());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Path("/{sku}/restock")
    @Operation(summary = "Receive stock for a product")
    @APIResponse(responseCode = "200", description = "The product with its new availability")
    @APIResponse(responseCode = "404", description = "No such product")
    @APIResponse(responseCode = "422", description = "quantity is not 1 to 1,000,000")
    public Uni<ProductView> restock(@PathParam("sku") String sku, @NotNull @Valid RestockRequest request) {
        return commands.handle(new RestockProductCommand(sku, request.quantity())).chain(found -> {
            if (!found) {
                throw Problems.notFound("No product with sku " + sku);
            }
            return get(sku);
        });
    }

    @GET
    @PermitAll
    @Operation(summary = "The catalogue, by sku, a page at a time",
            description = "Link: <…>; rel=\"next\" names the next page; there is none on the last")
    @APIResponse(responseCode = "200", description = "A page of the catalogue", headers = @Header(name = "Link", description = "<…>; rel=\"next\": the next page; absent on the last",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ProductView.class)))
    @APIResponse(responseCode = "422", description = "limit or cursor is invalid")
    public Uni<Response> list(
            @QueryParam("limit") @Parameter(description = "Products per page, 1 to 200 (default 50)") String limit,
            @QueryParam("cursor") @Parameter(description = "From a next link; absent for the first page") String cursor,
            @Context UriInfo uri) {
        int pageSize = Paging.limit(limit);
        return Paging.respond(() -> catalog.list(cursor, pageSize), uri);
    }

    @GET
    @PermitAll
    @Path("/{sku}")
    @Operation(summary = "One product")
    @APIResponse(responseCode = "200", description = "The product",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProductView.class)))
    @APIResponse(responseCode = "404", description = "No such product")
    public Uni<ProductView> get(@PathParam("sku") String sku) {
        return catalog.find(sku).map(view -> view.orElseThrow(() -> Problems.notFound("No product with sku " + sku)));
    }
}
