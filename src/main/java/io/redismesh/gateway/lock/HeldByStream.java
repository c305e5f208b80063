package io.redismesh.gateway.lock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the resource methods that hold a lease by stream: {@link LeaseEvents} renews the lease before they run. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface HeldByStream {
    LeaseKind value();
}
