package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.RoleMatrix;
import io.redismesh.gateway.support.Xfcc;

/** Mesh identity is off unless enabled: X-Forwarded-Client-Cert is ignored even where a namespace lists the workload. */
@QuarkusTest
class MeshIdentityOffByDefaultTest {

    @Test
    void forwardedClientCertIsNoCredential() {
        given().header(MeshIdentity.HEADER, Xfcc.sidecarElement(Xfcc.ORDERS_API)).body("v")
                .put(MeshIdentityTest.VALUE, RoleMatrix.NAMESPACE, "by-workload").then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }
}
