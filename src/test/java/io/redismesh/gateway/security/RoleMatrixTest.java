package io.redismesh.gateway.security;

import java.net.URISyntaxException;
import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.RoleMatrix;
import io.redismesh.gateway.support.Tokens;

/** The role matrix with roles from the token's groups claim, the default. */
@QuarkusTest
class RoleMatrixTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void everyOperationNeedsTheRoleOfItsActionAndNoOther() throws URISyntaxException {
        RoleMatrix.verify(gateway.toURI(), RoleMatrix.tokensPerAction(Tokens::withGroups), Tokens.developer());
    }
}
