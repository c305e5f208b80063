package io.redismesh.gateway.security;

import io.redismesh.gateway.namespace.Action;

/**
 * What the authorisation point learnt about a {@code /v1} call, kept on the request for the audit log
 * and for idempotency keys (kept per principal).
 *
 * @param principal the token's principal or the mesh workload's SPIFFE ID; null while unauthenticated
 * @param namespace the {@code {ns}} of the path, as sent
 * @param action the action the operation needs
 * @param operation the path template of the operation, e.g. {@code /v1/namespaces/{ns}/keys/{key}}
 */
public record Access(String principal, String namespace, Action action, String operation) {

    /** The request property that holds it. */
    public static final String PROPERTY = Access.class.getName();

    Access as(String principal) {
        return new Access(principal, namespace, action, operation);
    }
}
