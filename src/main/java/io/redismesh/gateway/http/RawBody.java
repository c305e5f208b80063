package io.redismesh.gateway.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose request body is a raw value of the namespace ({@code {ns}}): a
 * value, a hash field, a published message. {@link BodySizeLimit} refuses one over the namespace's
 * max-value-size from its Content-Length, before the body is read.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RawBody {
}
