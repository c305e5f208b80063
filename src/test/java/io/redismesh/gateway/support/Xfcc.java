package io.redismesh.gateway.support;

/** X-Forwarded-Client-Cert values as a mesh sidecar writes them. */
public final class Xfcc {

    /** The workload the test profile's namespace {@code matrix} lets write without a token. */
    public static final String ORDERS_API = "spiffe://cluster.local/ns/orders/sa/orders-api";

    private Xfcc() {
    }

    /** The element the gateway's own sidecar appends for the peer certificate it verified. */
    public static String sidecarElement(String peer) {
        return "By=spiffe://cluster.local/ns/gateway/sa/redis-mesh-gateway;Hash=3f2a9c;Subject=\"CN=peer, O=mesh\";URI=" + peer;
    }
}
