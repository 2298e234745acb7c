package dev.eventshop.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.SecretKey;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/** What the verified-token cache hands back without the verifier, and what it always sends to it. */
class VerifiedTokensTest {

    /** A verifier that accepts the tokens it was told about, with the expiry given, and counts its calls. */
    static final class CountingVerifier implements JWTParser {
        final Map<String, Long> accepted = new HashMap<>();
        int calls;

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            calls++;
            Long expiresAt = accepted.get(token);
            if (expiresAt == null) {
                throw new ParseException("refused");
            }
            JwtClaims claims = new JwtClaims();
            claims.setSubject(token);
            if (expiresAt > 0) {
                claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
            }
            return new DefaultJWTCallerPrincipal(claims);
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) {
            throw new UnsupportedOperationException();
        }
    }

    private static long inSeconds(long seconds) {
        return System.currentTimeMillis() / 1000 + seconds;
    }

    @Test
    void aVerifiedTokenIsVerifiedOnceWhileItsExpiryIsAhead() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        verifier.accepted.put("h.p.s", inSeconds(300));
        VerifiedTokens tokens = new VerifiedTokens(verifier);

        JsonWebToken first = tokens.parse("h.p.s");
        assertSame(first, tokens.parse("h.p.s"));
        assertEquals(1, verifier.calls);
    }

    @Test
    void aTokenPastItsExpiryGoesBackToTheVerifier() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        verifier.accepted.put("h.p.late", inSeconds(-1)); // this verifier still takes it, as one with clock skew would
        VerifiedTokens tokens = new VerifiedTokens(verifier);

        tokens.parse("h.p.late");
        verifier.accepted.remove("h.p.late"); // the verifier's skew has run out too
        assertThrows(ParseException.class, () -> tokens.parse("h.p.late"));
        assertEquals(2, verifier.calls);
    }

    @Test
    void aRefusedTokenGoesToTheVerifierEveryTime() {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokens tokens = new VerifiedTokens(verifier);

        assertThrows(ParseException.class, () -> tokens.parse("h.p.forged"));
        assertThrows(ParseException.class, () -> tokens.parse("h.p.forged"));
        assertEquals(2, verifier.calls);
    }

    @Test
    void onlyACanonicalCompactTokenWithAnExpiryIsKeptAndByItsExactText() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        verifier.accepted.put("h.p.s", inSeconds(300));
        verifier.accepted.put("h.p.s=", inSeconds(300)); // as a lenient base64 decoder would take it
        verifier.accepted.put("h.p.s ", inSeconds(300));
        verifier.accepted.put("h.p.forever", 0L);
        VerifiedTokens tokens = new VerifiedTokens(verifier);

        for (int i = 0; i < 2; i++) {
            tokens.parse("h.p.s");
            tokens.parse("h.p.s=");
            tokens.parse("h.p.s ");
            tokens.parse("h.p.forever");
        }
        assertEquals(1 + 2 + 2 + 2, verifier.calls);
    }
}
