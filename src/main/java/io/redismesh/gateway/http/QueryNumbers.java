package io.redismesh.gateway.http;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.function.Function;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import io.redismesh.gateway.problem.ProblemException;

/**
 * Numeric query parameters ({@code ?limit=abc}): JAX-RS answers an unparsable one with 404, as if
 * the resource did not exist; here it is a 400 invalid-parameter naming the parameter
 * (ProblemMappers unwraps the problem from the 404 the REST layer wraps it in).
 */
@Provider
public class QueryNumbers implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = Arrays.stream(annotations).filter(QueryParam.class::isInstance).map(a -> ((QueryParam) a).value())
                .findFirst().orElse(null);
        if (name == null) {
            return null;
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(name, Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(name, Long::valueOf);
        }
        return null;
    }

    private static <N> ParamConverter<N> converter(String name, Function<String, N> parse) {
        return new ParamConverter<>() {
            @Override
            public N fromString(String value) {
                try {
                    return value == null ? null : parse.apply(value.trim());
                } catch (NumberFormatException e) {
                    throw ProblemException.invalidParameter(name, "an integer");
                }
            }

            @Override
            public String toString(N value) {
                return String.valueOf(value);
            }
        };
    }
}
