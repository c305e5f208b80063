package io.redismesh.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.security.Access;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;

/**
 * Runs an {@link Idempotent} call once per {@code Idempotency-Key}: the first call claims the key in
 * Redis (the namespace's own key space, per principal) and {@link IdempotentResponses} keeps its
 * outcome; a retry with the same key and the same request gets that outcome back; a retry while the
 * first is still running is a 409 {@code idempotency-key-in-use}; the same key on another request
 * (method, path, parameters, body) is a 422 {@code idempotency-key-reused}. Without the header the
 * call runs as it always does. Runs after authorisation: the key is only ever looked up for a caller
 * that may make the call.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
class IdempotencyInterceptor {

    /** Printable ASCII, as RFC 8941 strings (the IETF Idempotency-Key draft) allow, bounded. */
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** A first call whose gateway died frees its key after the longest a call may wait, plus this. */
    private static final Duration IN_FLIGHT_MARGIN = Duration.ofMinutes(1);

    private final NamespaceRegistry namespaces;
    private final IdempotencyStore store;
    private final ObjectMapper json;

    IdempotencyInterceptor(NamespaceRegistry namespaces, IdempotencyStore store, ObjectMapper json) {
        this.namespaces = namespaces;
        this.store = store;
        this.json = json;
    }

    @AroundInvoke
    Object once(InvocationContext invocation) throws Exception {
        ContainerRequestContext request = CurrentRequestManager.get().getContainerRequestContext();
        String key = request.getHeaderString(Idempotency.HEADER);
        if (key == null) {
            return invocation.proceed();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ProblemException.badRequest(Idempotency.HEADER + " must be 1 to 255 printable ASCII characters");
        }
        Access access = (Access) request.getProperty(Access.PROPERTY);
        Namespace namespace = namespaces.resolve(access.namespace());
        Idempotency.Claim claim = new Idempotency.Claim(namespace.ownKey("idempotency", access.principal(), key),
                fingerprint(request, invocation.getParameters()), namespace.config().idempotencyWindow());
        return store.claim(claim.key(), claim.fingerprint(), namespace.config().maxWait().plus(IN_FLIGHT_MARGIN)).flatMap(held -> {
            if (held == null) {
                request.setProperty(Idempotency.Claim.PROPERTY, claim);
                return Uni.createFrom().deferred(Unchecked.supplier(() -> (Uni<?>) invocation.proceed()));
            }
            if (!held.fingerprint().equals(claim.fingerprint())) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "this Idempotency-Key was used for another request; use a new key for a new request"));
            }
            if (!held.answered()) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE,
                        "the first request with this Idempotency-Key is still in progress", Optional.of(Duration.ofSeconds(1))));
            }
            return Uni.createFrom().failure(new Replay(held));
        });
    }

    /** The request's identity: method, path and every parameter the call reads (query, headers, body). */
    private String fingerprint(ContainerRequestContext request, Object[] parameters) throws JsonProcessingException {
        MessageDigest digest = sha256();
        digest.update((request.getMethod() + " " + request.getUriInfo().getPath() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Object parameter : parameters) {
            // the call's inputs, not the context objects (UriInfo, the response) some calls take too
            if (parameter == null || parameter instanceof String || parameter instanceof Number || parameter instanceof byte[]
                    || parameter instanceof Record) {
                digest.update(json.writeValueAsBytes(parameter));
            }
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
