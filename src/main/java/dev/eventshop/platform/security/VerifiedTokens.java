package dev.eventshop.platform.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token once, not on every request it comes with: a shopper's client sends the same token with
 * each call, and checking its RS256 signature and parsing its JSON anew each time was a sixth of all the bytes the
 * application allocated per order. A token verified in the last {@link #REUSE} is taken as verified again while its
 * {@code exp} is still ahead; once that has passed it goes back to the verifier, whose rules (clock skew included)
 * decide as they would have without this cache. Only tokens the verifier accepted are kept, keyed by their exact
 * text, so a token that differs in one character is verified on its own.
 * <p>
 * What the reuse changes: a token whose signing key is withdrawn (a JWKS that drops it) keeps passing for at most
 * {@link #REUSE}, and so does one past a configured maximum token age ({@code mp.jwt.verify.token.age}).
 */
@Decorator
@Priority(10)
public class VerifiedTokens implements JWTParser {

    /** How long a verification is reused at most. */
    static final Duration REUSE = Duration.ofSeconds(60);
    /** The characters of all tokens kept at once (the claims kept are decoded from them); the least used go first. */
    static final long MAX_CHARS = 4_000_000;
    /** The longest token kept; a longer one is verified on every request. */
    static final int MAX_TOKEN_CHARS = 4 * 1024;
    /**
     * Only a compact JWS in canonical base64url is kept: the verifier's base64 decoding skips characters outside the
     * alphabet and what follows padding, so without this one valid token would verify in countless spellings, each
     * taking a place in the cache.
     */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final JWTParser verifier;
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder()
            .maximumWeight(MAX_CHARS).weigher((String token, JsonWebToken verified) -> token.length())
            .expireAfterWrite(REUSE).build();

    @Inject
    public VerifiedTokens(@Delegate JWTParser verifier) {
        this.verifier = verifier;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && System.currentTimeMillis() / 1000 < known.getExpirationTime()) {
            return known;
        }
        JsonWebToken parsed = verifier.parse(token);
        if (token.length() <= MAX_TOKEN_CHARS && parsed.getExpirationTime() > 0
                && COMPACT_JWS.matcher(token).matches()) {
            verified.put(token, parsed);
        }
        return parsed;
    }

    // verifications with other keys or rules than the configured ones are not cached

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
