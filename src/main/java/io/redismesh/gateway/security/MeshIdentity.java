package io.redismesh.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the workload identity out of an Envoy {@code X-Forwarded-Client-Cert} header: the
 * {@code URI=spiffe://...} of its last element, the one the gateway's own sidecar appended for the
 * mTLS peer it verified. Earlier elements come from further away and are never trusted.
 */
@ApplicationScoped
public class MeshIdentity {

    public static final String HEADER = "X-Forwarded-Client-Cert";
    /** A SPIFFE ID as the SPIFFE spec spells it (trust domain, path segments); anything else is refused, so it is safe to log. */
    private static final Pattern SPIFFE_ID = Pattern.compile("spiffe://[a-z0-9._-]+(/[A-Za-z0-9._-]+)+");

    private final MeshIdentityConfig config;

    public MeshIdentity(MeshIdentityConfig config) {
        this.config = config;
    }

    /** The trusted SPIFFE ID the header names, if mesh identity is on and there is exactly one. */
    public Optional<String> workloadOf(String header) {
        if (!config.enabled() || header == null || header.isBlank()) {
            return Optional.empty();
        }
        List<String> elements = split(header, ',');
        List<String> uris = new ArrayList<>();
        for (String pair : split(elements.get(elements.size() - 1), ';')) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("URI")) {
                String uri = unquote(pair.substring(eq + 1).trim());
                if (uri.startsWith("spiffe://")) {
                    uris.add(uri);
                }
            }
        }
        // an X.509 SVID carries exactly one SPIFFE ID; two are ambiguous, none is no workload
        if (uris.size() != 1) {
            return Optional.empty();
        }
        String id = uris.get(0);
        return id.startsWith(config.trustedSpiffePrefix()) && SPIFFE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** Splits on {@code separator} outside double quotes (Subject="CN=a, O=b" stays whole). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\")
                : value;
    }
}
