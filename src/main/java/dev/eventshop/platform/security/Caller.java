package dev.eventshop.platform.security;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Who is calling, without blocking: authentication happens on demand (proactive authentication is off, so that a
 * refused token gets a problem document), and the identity is only ever read as a {@code Uni}.
 */
@ApplicationScoped
public class Caller {

    /** The caller as resources see it: a shopper acts only for the customer id in the token's subject. */
    public record Identity(String subject, boolean shopperOnly) {

        /** Whether this caller may see or act on what belongs to {@code customerId}. */
        public boolean mayActFor(String customerId) {
            return !shopperOnly || !subject.isBlank() && subject.equals(customerId);
        }
    }

    private final CurrentIdentityAssociation identities;

    public Caller(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<Identity> identity() {
        return identities.getDeferredIdentity().map(Caller::of);
    }

    /**
     * What {@code lookup} found, when this caller may see what belongs to its customer ({@code customerOf}); otherwise,
     * or when nothing was found, the {@code missing} problem: another customer's is as unknown as a missing one, so
     * its existence is not revealed.
     */
    public <T> Uni<T> visible(Uni<Optional<T>> lookup, Function<T, String> customerOf,
            Supplier<? extends RuntimeException> missing) {
        return identity().chain(who -> lookup.map(found -> found
                .filter(item -> who.mayActFor(customerOf.apply(item))).orElseThrow(missing)));
    }

    static Identity of(SecurityIdentity identity) {
        boolean operator = identity.hasRole(Roles.ADMIN);
        String subject = identity.isAnonymous() ? ""
                : identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                        ? token.getSubject() : identity.getPrincipal().getName();
        return new Identity(subject, !operator);
    }
}
