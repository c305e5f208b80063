package io.redismesh.gateway.security;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The gateway as deployed with an identity provider: OIDC discovery ({@code auth-server-url}) of a
 * WireMock OIDC server's issuer and JWKS instead of the dev public key, roles from Keycloak-style
 * {@code realm_access/roles}, and mesh identity on. One profile for all three, so the suite restarts
 * Quarkus once for them, not three times.
 */
public class DiscoveryProfile implements QuarkusTestProfile {

    /** The issuer the WireMock server's discovery document names. */
    static final String ISSUER = "https://server.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.oidc.public-key", "",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.roles.role-claim-path", "realm_access/roles",
                // the issuer's keys are fetched again whenever a token names an unknown key id (key rotation)
                "quarkus.oidc.token.forced-jwk-refresh-interval", "PT0S",
                "gateway.mesh-identity.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
    }
}
