package io.redismesh.gateway.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a non-idempotent write (increment, push, pop, publish, append, acquire, create-only PUT):
 * called with an {@code Idempotency-Key} header, it acts once per key and principal within the
 * namespace's {@code idempotency-window}, and a retry gets the first outcome back
 * ({@link IdempotencyInterceptor}). Declare the header in OpenAPI with
 * {@code @Parameter(ref = Idempotency.HEADER)} beside it.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface Idempotent {
}
