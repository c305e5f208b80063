package io.redismesh.gateway.security;

import java.util.EnumSet;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.redismesh.gateway.namespace.Action;

/**
 * One line per write, lock and publish call, allowed or not, on the logger {@value #CATEGORY}:
 * {@code principal="..." namespace="..." action=write operation="PUT /v1/namespaces/{ns}/keys/{key}" status=204}.
 * The operation is the path template, never the request path: key, lock and channel names are user
 * data (often personal: e-mails, session ids) and audit logs are kept long and read widely. Never the
 * token, never a value. Quoted fields are escaped, so no field can forge another line or field.
 */
public class AuditLog {

    public static final String CATEGORY = "io.redismesh.gateway.audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final Set<Action> AUDITED = EnumSet.of(Action.WRITE, Action.LOCK, Action.PUBLISH);

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(Access.PROPERTY) instanceof Access access) || !AUDITED.contains(access.action())) {
            return;
        }
        record(access, request.getMethod(), response.getStatus());
    }

    /** The line of a call answered outside Quarkus REST (cache.ValueFastPath). */
    public static void record(Access access, String method, int status) {
        LOG.infof("principal=%s namespace=%s action=%s operation=\"%s %s\" status=%d",
                quotedOrDash(access.principal()), quotedOrDash(access.namespace()),
                access.action().name().toLowerCase(), method, access.operation(), status);
    }

    private static String quotedOrDash(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }
}
