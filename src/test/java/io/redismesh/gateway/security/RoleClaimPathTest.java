package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.support.RoleMatrix;

/** quarkus.oidc.roles.role-claim-path=realm_access/roles: Keycloak realm roles are the roles, groups no longer. */
@QuarkusTest
@TestProfile(DiscoveryProfile.class)
class RoleClaimPathTest {

    private static final String VALUE = "/v1/namespaces/{ns}/keys/{key}";
    private static final String WRITER = RoleMatrix.roleFor(Action.WRITE);

    @Test
    void realmRolesGrantTheAction() {
        given().auth().oauth2(MockIdp.TOKENS.withRealmRoles(WRITER)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "realm-roles").then().statusCode(anyOf(equalTo(201), equalTo(204)));
    }

    @Test
    void groupsNoLongerCountOnceTheRoleClaimIsSwitched() {
        given().auth().oauth2(MockIdp.TOKENS.withGroups(WRITER)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "realm-roles").then()
                .statusCode(403).body("type", equalTo("/problems/forbidden"));
    }
}
