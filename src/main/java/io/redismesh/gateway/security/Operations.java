package io.redismesh.gateway.security;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

import io.redismesh.gateway.namespace.Action;

/**
 * Which action each {@code /v1/namespaces/{ns}/<collection>/...} operation performs: the one table
 * the authorisation point consults, so no resource method carries role strings.
 */
final class Operations {

    private static final Map<Method, String> TEMPLATES = new ConcurrentHashMap<>();

    private Operations() {
    }

    /** @param segments the route template's segments, starting with {@code v1, namespaces, {ns}} */
    static Action actionOf(String method, List<String> segments) {
        String collection = segments.size() > 3 ? segments.get(3) : "";
        boolean reads = method.equals("GET") || method.equals("HEAD");
        return switch (collection) {
            case "keys", "hashes", "lists", "sets", "sorted-sets" -> reads ? Action.READ : Action.WRITE;
            case "keys:batchGet" -> Action.READ;
            case "keys:batchPut" -> Action.WRITE;
            case "locks", "semaphores" -> Action.LOCK;
            case "channels" -> reads ? Action.SUBSCRIBE : Action.PUBLISH;
            case "streams" -> method.equals("POST") && segments.get(segments.size() - 1).equals("messages")
                    ? Action.PUBLISH
                    : Action.SUBSCRIBE;
            default -> throw new IllegalStateException("no action is declared for /" + String.join("/", segments));
        };
    }

    /** The operation's path template as the OpenAPI document names it (class path + method path, regexes dropped). */
    static String templateOf(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return "?";
        }
        return TEMPLATES.computeIfAbsent(method, m -> {
            Path classPath = resource.getResourceClass().getAnnotation(Path.class);
            Path methodPath = m.getAnnotation(Path.class);
            String template = (classPath == null ? "" : classPath.value()) + "/" + (methodPath == null ? "" : methodPath.value());
            return template.replaceAll("\\{([^}:]+?)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/").replaceAll("(.)/$", "$1");
        });
    }
}
