package io.redismesh.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.support.Xfcc;

/** Which workload an X-Forwarded-Client-Cert header names (plain JUnit). */
class MeshIdentityParsingTest {

    private static final String ORDERS = Xfcc.ORDERS_API;

    private static MeshIdentity mesh(boolean enabled) {
        return new MeshIdentity(new MeshIdentityConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String trustedSpiffePrefix() {
                return "spiffe://cluster.local/ns/";
            }
        });
    }

    private static Optional<String> workload(String header) {
        return mesh(true).workloadOf(header);
    }

    @Test
    void theLastElementIsTheSidecarsAndQuotedCommasDoNotSplitIt() {
        assertEquals(Optional.of(ORDERS), workload("By=spiffe://cluster.local/ns/gw/sa/gw;Subject=\"CN=a, O=b\";URI=" + ORDERS));
        assertEquals(Optional.of(ORDERS), workload("URI=spiffe://cluster.local/ns/evil/sa/x,By=x;uri=\"" + ORDERS + "\""));
        // what a client sent before the sidecar's element never counts
        assertEquals(Optional.empty(), workload("URI=" + ORDERS + ",By=x;Hash=1"));
    }

    @Test
    void anythingButExactlyOneTrustedWellFormedSpiffeIdIsNoWorkload() {
        assertEquals(Optional.empty(), workload("URI=" + ORDERS + ";URI=spiffe://cluster.local/ns/b/sa/b"));
        assertEquals(Optional.empty(), workload("URI=spiffe://other.domain/ns/orders/sa/orders-api"));
        assertEquals(Optional.empty(), workload("URI=spiffe://cluster.local/ns/orders/sa/orders api"));
        assertEquals(Optional.empty(), workload("URI=https://cluster.local/ns/orders/sa/orders-api"));
        assertEquals(Optional.empty(), workload("Hash=abc"));
        assertEquals(Optional.empty(), workload(" "));
        assertEquals(Optional.empty(), workload(null));
    }

    @Test
    void offByDefaultMeansTheHeaderIsIgnored() {
        assertEquals(Optional.empty(), mesh(false).workloadOf("URI=" + ORDERS));
    }
}
