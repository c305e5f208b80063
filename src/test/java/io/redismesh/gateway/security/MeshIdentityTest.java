package io.redismesh.gateway.security;

import static io.redismesh.gateway.support.Xfcc.ORDERS_API;
import static io.redismesh.gateway.support.Xfcc.sidecarElement;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.support.RoleMatrix;

/**
 * Mesh identity on: the SPIFFE ID of the last X-Forwarded-Client-Cert element is the principal of a
 * call without a token, in namespaces that list it (namespace matrix lets orders-api write).
 */
@QuarkusTest
@TestProfile(DiscoveryProfile.class)
class MeshIdentityTest {

    static final String VALUE = "/v1/namespaces/{ns}/keys/{key}";
    private static final String BILLING = "spiffe://cluster.local/ns/billing/sa/billing";

    /** What an Istio sidecar puts in front of the gateway adds for a verified mTLS peer. */
    @Test
    void listedWorkloadMayWriteWithoutAToken() {
        given().header(MeshIdentity.HEADER, sidecarElement(ORDERS_API)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then().statusCode(anyOf(equalTo(201), equalTo(204)));
    }

    @Test
    void listedWorkloadMayDoOnlyItsActions() {
        given().header(MeshIdentity.HEADER, sidecarElement(ORDERS_API))
                .get(VALUE, RoleMatrix.NAMESPACE, "by-workload").then()
                .statusCode(403).body("type", equalTo("/problems/forbidden"));
    }

    @Test
    void unlistedWorkloadIsForbidden() {
        given().header(MeshIdentity.HEADER, sidecarElement(BILLING)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then().statusCode(403);
    }

    @Test
    void onlyTheElementTheSidecarAppendedCounts() {
        String forgedFirst = "URI=" + ORDERS_API + "," + sidecarElement(BILLING);
        given().header(MeshIdentity.HEADER, forgedFirst).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then().statusCode(403);
        String forwardedFirst = "URI=" + BILLING + "," + sidecarElement(ORDERS_API);
        given().header(MeshIdentity.HEADER, forwardedFirst).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then().statusCode(anyOf(equalTo(201), equalTo(204)));
    }

    @Test
    void workloadOutsideTheTrustedPrefixIsUnauthenticated() {
        given().header(MeshIdentity.HEADER, sidecarElement("spiffe://attacker.example/ns/orders/sa/orders-api")).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void namespaceThatListsNoWorkloadWantsAToken() {
        given().header(MeshIdentity.HEADER, sidecarElement(ORDERS_API)).body("v")
                .put(VALUE, "demo", "by-workload").then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aBearerTokenWinsOverTheWorkload() {
        given().auth().oauth2(MockIdp.TOKENS.withRealmRoles(RoleMatrix.roleFor(Action.READ)))
                .header(MeshIdentity.HEADER, sidecarElement(ORDERS_API)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then().statusCode(403);
        given().auth().oauth2("not-a-jwt").header(MeshIdentity.HEADER, sidecarElement(ORDERS_API)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "by-workload").then().statusCode(401);
    }
}
