package io.redismesh.gateway.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sends requests all at once (HTTP/1.1, a connection each) and counts the status codes. */
public final class Concurrently {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Concurrently() {
    }

    public static Map<Integer, Long> statuses(List<HttpRequest> requests) {
        List<CompletableFuture<Integer>> calls = requests.stream()
                .map(request -> CLIENT.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode))
                .toList();
        return calls.stream().map(CompletableFuture::join).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
