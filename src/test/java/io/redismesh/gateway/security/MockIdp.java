package io.redismesh.gateway.security;

import java.io.IOException;
import java.security.PrivateKey;

import io.redismesh.gateway.support.TokenIssuer;
import io.redismesh.gateway.support.Tokens;
import io.smallrye.jwt.util.KeyUtils;

/** Tokens of the WireMock OIDC server of {@link DiscoveryProfile}: its issuer, its published key (kid 1). */
final class MockIdp {

    /** Where the server publishes its keys (JWKS). */
    static final String JWKS_PATH = "/auth/realms/quarkus/protocol/openid-connect/certs";

    static final TokenIssuer TOKENS = new TokenIssuer(DiscoveryProfile.ISSUER, Tokens.AUDIENCE, readKey(), "1");

    private MockIdp() {
    }

    private static PrivateKey readKey() {
        try {
            return (PrivateKey) KeyUtils.readSigningKey("privateKey.jwk", "1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
