package io.redismesh.gateway.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The cache-hit fast path of {@link VerifiedTokens}: asked before quarkus-oidc's mechanism, it answers
 * a bearer token the cache holds with its identity and otherwise steps aside (null), so OIDC reads
 * the token, verifies it through the cache's provider, and answers every challenge. Measured: OIDC's
 * mechanism parses the token's JSON on every request to tell a JWT from an opaque token, cache hit or
 * not. The gateway registers no identity augmentors, so the cached identity is the whole identity.
 */
@ApplicationScoped
public class CachedBearerToken implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    private final VerifiedTokens tokens;

    public CachedBearerToken(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        SecurityIdentity cached = cachedIdentity(context.request());
        return cached != null ? Uni.createFrom().item(cached) : Uni.createFrom().nullItem();
    }

    /** The identity of the request's bearer token when the cache holds it (verified, unexpired), else null. */
    public SecurityIdentity cachedIdentity(HttpServerRequest request) {
        String authorization = request.headers().get(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? tokens.cached(authorization.substring(BEARER.length()).trim())
                : null;
    }

    /** OIDC's mechanism answers every challenge. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return Uni.createFrom().item(false);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    /** Ahead of quarkus-oidc's mechanism (DEFAULT_PRIORITY). */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
