package io.redismesh.gateway;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI identity of the gateway: every {@code /v1} call takes an OIDC bearer token. */
@OpenAPIDefinition(
        info = @Info(title = "Redis Mesh Gateway", version = "v1",
                description = "An HTTP gateway to Redis for services behind a mesh: cache values and data structures, "
                        + "lock leases, pub/sub over SSE and durable streams. Errors are RFC 9457 application/problem+json.",
                license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
        security = @SecurityRequirement(name = GatewayApi.BEARER))
@SecurityScheme(securitySchemeName = GatewayApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "An OIDC access token; in dev mode `curl -s localhost:8080/dev/token` prints one.")
public class GatewayApi extends Application {
    public static final String BEARER = "bearer";
}
