package io.redismesh.gateway;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import io.redismesh.gateway.idempotency.Idempotency;

/** The OpenAPI identity of the gateway: every {@code /v1} call takes an OIDC bearer token. */
@OpenAPIDefinition(
        info = @Info(title = "Redis Mesh Gateway", version = "v1",
                description = "An HTTP gateway to Redis for services behind a mesh: cache values and data structures, "
                        + "lock leases, pub/sub over SSE and durable streams. Errors are RFC 9457 application/problem+json.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        security = @SecurityRequirement(name = GatewayApi.BEARER),
        components = @Components(parameters = @Parameter(name = Idempotency.HEADER, in = ParameterIn.HEADER,
                schema = @Schema(type = SchemaType.STRING, maxLength = 255),
                description = "Makes a retry of this non-idempotent write safe: within the namespace's idempotency-window, a "
                        + "second call with the same key (same caller) does not act again but answers the first call's outcome, "
                        + "with `Idempotent-Replayed: true` (a success, or `504` `outcome-unknown`; a call that did nothing, such "
                        + "as a `4xx` or `503`, frees the key). While the first call runs: `409` `idempotency-key-in-use`; the "
                        + "same key on another request: `422` `idempotency-key-reused`. 1 to 255 printable ASCII characters, "
                        + "e.g. a UUID.")))
@SecurityScheme(securitySchemeName = GatewayApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An OIDC access token; in dev mode `curl -s localhost:8080/dev/token` prints one.")
public class GatewayApi extends Application {
    public static final String BEARER = "bearer";
}
