package io.redismesh.gateway.security;

import java.net.URISyntaxException;
import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.RoleMatrix;

/** The role matrix with tokens of a discovered issuer whose roles are Keycloak-style realm roles. */
@QuarkusTest
@TestProfile(DiscoveryProfile.class)
class DiscoveryRoleMatrixTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void everyOperationNeedsTheRoleOfItsActionAndNoOther() throws URISyntaxException {
        RoleMatrix.verify(gateway.toURI(), RoleMatrix.tokensPerAction(MockIdp.TOKENS::withRealmRoles),
                MockIdp.TOKENS.withRealmRoles("unrelated"));
    }
}
