package io.redismesh.gateway.http;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

/**
 * RFC 9110's {@code Allow}, from the resource model: an OPTIONS request is answered with the methods its
 * path serves (GET implies HEAD), and any other method the path does not serve is a 405 carrying them.
 * Quarkus REST's own answers are per resource class, not per path (its OPTIONS lists HEAD everywhere)
 * and its 405 has no {@code Allow}. A path no resource serves is left to routing (404). CORS preflights
 * never get here: the CORS filter answers them first.
 */
@Singleton
public class AllowedMethods {

    /** A path template of the resource model, as a regex, and the methods resources declare on it. */
    record Route(String template, Pattern pattern, int literals, Set<String> methods) {

        String allow() {
            return String.join(", ", new TreeSet<>(methods));
        }
    }

    private final List<Route> routes;

    public AllowedMethods(BeanManager beans) {
        Map<String, Set<String>> methods = new TreeMap<>();
        for (var bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path classPath = bean.getBeanClass().getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : bean.getBeanClass().getMethods()) {
                httpMethod(method).ifPresent(verb -> {
                    Path path = method.getAnnotation(Path.class);
                    String template = join(classPath.value(), path == null ? "" : path.value());
                    methods.computeIfAbsent(template, t -> new TreeSet<>()).add(verb);
                });
            }
        }
        List<Route> table = new ArrayList<>();
        methods.forEach((template, verbs) -> {
            if (verbs.contains(HttpMethod.GET)) {
                verbs.add(HttpMethod.HEAD);
            }
            verbs.add(HttpMethod.OPTIONS);
            table.add(new Route(template, regex(template), template.replaceAll("\\{[^}]*}", "").length(), Set.copyOf(verbs)));
        });
        // JAX-RS matching: the template with the most literal characters wins
        table.sort(Comparator.comparingInt(Route::literals).reversed());
        this.routes = List.copyOf(table);
    }

    /** OPTIONS only: every other request is routed by Quarkus REST, and only a failed routing asks {@link #refusal}. */
    @ServerRequestFilter(preMatching = true, priority = RequestPipeline.ALLOW)
    public Optional<Response> options(ContainerRequestContext request, HttpServerRequest raw) {
        if (!request.getMethod().equals(HttpMethod.OPTIONS)) {
            return Optional.empty();
        }
        return route(raw.path()).map(route -> Response.noContent().header(HttpHeaders.ALLOW, route.allow()).build());
    }

    /**
     * The {@code Allow} of a 405 for a request Quarkus REST could not route (its 404 or its per-class 405), or empty
     * when no resource serves the path (a 404) or the method is served after all.
     */
    public Optional<String> refusal(String method, String path) {
        return route(path).filter(route -> !route.methods.contains(method)).map(Route::allow);
    }

    /** {@code path} is still percent-encoded: an encoded '/' in a name stays inside its segment. */
    private Optional<Route> route(String path) {
        return routes.stream().filter(r -> r.pattern.matcher(path).matches()).findFirst();
    }

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return Optional.of(verb.value());
            }
        }
        return Optional.empty();
    }

    private static String join(String classPath, String methodPath) {
        String joined = "/" + classPath + "/" + methodPath;
        return joined.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    /** {@code {name}} matches one path segment, {@code {name: regex}} its regex; the rest is literal. */
    private static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            int close = template.indexOf('}', open);
            regex.append(Pattern.quote(template.substring(at, open)));
            String variable = template.substring(open + 1, close);
            int colon = variable.indexOf(':');
            regex.append('(').append(colon < 0 ? "[^/]+" : variable.substring(colon + 1).trim()).append(')');
            at = close + 1;
        }
        return Pattern.compile(regex.toString());
    }
}
